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
            MemoryConfig.Hnsw hnsw = config.retrieval().hnsw();
            MemoryConfig.VectorDb db = config.storage().vectorDb();
            String body = MemoryIndex.createBody(
                    tenantId,
                    config.embedding().dimensions(),
                    hnsw.m(),
                    hnsw.efConstruction(),
                    db.shards(),
                    db.replicas());
            OpenSearch.Reply reply = search.json("PUT", "/" + MemoryIndex.concreteIndex(tenantId), body);
            if (!reply.ok() && !alreadyExists(reply)) {
                throw new IOException("cannot create the index for tenant " + tenantId + ": " + reply.body());
            }
        }
        ready.add(tenantId);
    }

    private static boolean alreadyExists(OpenSearch.Reply reply) {
        return reply.status() == 400
                && reply.body() != null
                && "resource_already_exists_exception"
                        .equals(reply.body().at("/error/type").asText());
    }
}
