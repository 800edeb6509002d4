package dev.agentmemory.runtime.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.MemoryIndex;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tenant index creation and the dimension check, against the real OpenSearch. */
class TenantIndicesIT {

    private static MemoryConfig config(int dimensions) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("MEMORY_ADMIN_KEY", "0123456789abcdef-test");
        env.put("EMBEDDING_DIMENSIONS", Integer.toString(dimensions));
        return ConfigLoader.load(Path.of("..", "config", "memory.yaml"), env);
    }

    @Test
    void anIndexIsCreatedOnceWithItsAliasAndAnotherVectorSizeIsRefusedAtStart() throws Exception {
        String tenant = "it-dims-" + UUID.randomUUID().toString().substring(0, 8);
        MemoryConfig small = config(8);
        try (OpenSearch search = OpenSearch.connect(small.storage().vectorDb(), EventCodec.newMapper())) {
            try {
                TenantIndices eight = new TenantIndices(search, small);
                eight.ensure(tenant);
                new TenantIndices(search, small).ensure(tenant); // a second creator finds it made
                var mapping = search.json("GET", "/" + MemoryIndex.alias(tenant) + "/_mapping", null);
                assertTrue(mapping.ok());
                assertEquals(
                        8,
                        mapping.body()
                                .path(MemoryIndex.concreteIndex(tenant))
                                .at("/mappings/properties/embedding/dimension")
                                .asInt());

                var error = assertThrows(
                        IllegalStateException.class, () -> new TenantIndices(search, config(384)).verifyDimensions());
                assertTrue(error.getMessage().contains(MemoryIndex.concreteIndex(tenant)), error.getMessage());
            } finally {
                // the running stack's indexer checks every tenant index at start: leave none behind
                search.json("DELETE", "/" + MemoryIndex.concreteIndex(tenant), null);
            }
        }
    }
}
