package dev.agentmemory.runtime.search;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.MemoryIndex;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a tenant's index and alias exist: creates {@code memory-<tenant>-v1} with the shared
 * mapping and the alias {@code memory-<tenant>} in one request, which returns once the primary
 * shard is active. The ingest API calls it when a tenant is created, so no query ever meets a
 * half-made index; the indexer calls it before each tenant's first write. Remembers tenants already
 * checked. Thread-safe.
 */
public final class TenantIndices {

    private final OpenSearch search;
    private final MemoryConfig config;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    public TenantIndices(OpenSearch search, MemoryConfig config) {
        this.search = search;
        this.config = config;
    }

    public void ensure(String tenantId) throws IOException {
        if (ready.contains(tenantId)) {
            return;
        }
        String alias = MemoryIndex.alias(tenantId);
        if (!search.json("HEAD", "/_alias/" + alias, null).ok()) {
            String body = MemoryIndex.createBody(tenantId, layout(config));
            OpenSearch.Reply reply = search.json("PUT", "/" + MemoryIndex.concreteIndex(tenantId), body);
            if (!reply.ok() && !alreadyExists(reply)) {
                throw new IOException("cannot create the index for tenant " + tenantId + ": " + reply.body());
            }
        } else {
            // an index made by an older version lacks the fields added since (the mapping is strict)
            OpenSearch.Reply reply = search.json("PUT", "/" + alias + "/_mapping", MemoryIndex.fieldsUpdateBody());
            if (!reply.ok()) {
                throw new IOException("cannot update the mapping of tenant " + tenantId + ": " + reply.body());
            }
        }
        ready.add(tenantId);
    }

    /** The layout the config asks of a tenant index: vector size, HNSW parameters, shards, refresh. */
    public static MemoryIndex.Layout layout(MemoryConfig config) {
        MemoryConfig.Hnsw hnsw = config.retrieval().hnsw();
        MemoryConfig.VectorDb db = config.storage().vectorDb();
        return new MemoryIndex.Layout(
                config.embedding().dimensions(),
                hnsw.m(),
                hnsw.efConstruction(),
                db.shards(),
                db.replicas(),
                db.refreshIntervalMs());
    }

    /**
     * Fails fast when an existing tenant index holds vectors of another size than {@code
     * embedding.dimensions}: every write to it would be refused.
     */
    public void verifyDimensions() throws IOException {
        OpenSearch.Reply reply = search.json("GET", "/" + MemoryIndex.alias("*") + "/_mapping/field/embedding", null);
        if (reply.status() == 404) {
            return; // no tenant index yet: nothing to disagree with
        }
        if (!reply.ok() || reply.body() == null) {
            throw new IOException("cannot read the index mappings: HTTP " + reply.status());
        }
        int expected = config.embedding().dimensions();
        var indices = reply.body().fields();
        while (indices.hasNext()) {
            var index = indices.next();
            int actual = index.getValue()
                    .at("/mappings/embedding/mapping/embedding/dimension")
                    .asInt(expected);
            if (actual != expected) {
                throw new IllegalStateException("index " + index.getKey() + " holds " + actual
                        + "-dimensional vectors but embedding.dimensions is " + expected
                        + ": use the model the index was built with, or rebuild the index");
            }
        }
    }

    private static boolean alreadyExists(OpenSearch.Reply reply) {
        return reply.status() == 400
                && reply.body() != null
                && "resource_already_exists_exception"
                        .equals(reply.body().at("/error/type").asText());
    }
}
