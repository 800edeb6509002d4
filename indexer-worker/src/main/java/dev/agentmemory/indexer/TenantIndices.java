package dev.agentmemory.indexer;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.schemas.MemoryIndex;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a tenant's index and alias exist before its first write: creates {@code
 * memory-<tenant>-v1} with the shared mapping and the alias {@code memory-<tenant>} in one request.
 * Remembers tenants already checked. Thread-safe.
 */
final class TenantIndices {

    private final OpenSearch search;
    private final MemoryConfig config;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    TenantIndices(OpenSearch search, MemoryConfig config) {
        this.search = search;
        this.config = config;
    }

    void ensure(String tenantId) throws IOException {
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
