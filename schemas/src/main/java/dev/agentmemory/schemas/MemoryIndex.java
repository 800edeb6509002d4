package dev.agentmemory.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenSearch layout: one index per tenant ({@code memory-<tenant>-v1}) behind an alias ({@code
 * memory-<tenant>}) that every reader and writer uses, so an index can be rebuilt and swapped
 * without downtime. The mapping lives in {@code opensearch/memory-index.json}. Thread-safe.
 */
public final class MemoryIndex {

    private static final String MAPPING_RESOURCE = "/opensearch/memory-index.json";
    private static final int LAYOUT_VERSION = 1;

    private MemoryIndex() {}

    /** The alias a tenant's reads and writes go to. The tenant id is schema-validated (lower-case, safe). */
    public static String alias(String tenantId) {
        return "memory-" + tenantId;
    }

    public static String concreteIndex(String tenantId) {
        return alias(tenantId) + "-v" + LAYOUT_VERSION;
    }

    /**
     * The body that creates a tenant's index: settings, mappings for the given vector size and HNSW
     * parameters, and the tenant's alias.
     */
    public static String createBody(
            String tenantId, int dimensions, int m, int efConstruction, int shards, int replicas) {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = MemoryIndex.class.getResourceAsStream(MAPPING_RESOURCE)) {
            ObjectNode root = (ObjectNode) mapper.readTree(in);
            ObjectNode index = (ObjectNode) root.at("/settings/index");
            index.put("number_of_shards", shards);
            index.put("number_of_replicas", replicas);
            ObjectNode vector = (ObjectNode) root.at("/mappings/properties/embedding");
            vector.put("dimension", dimensions);
            ObjectNode hnsw = (ObjectNode) vector.at("/method/parameters");
            hnsw.put("m", m);
            hnsw.put("ef_construction", efConstruction);
            root.putObject("aliases").putObject(alias(tenantId));
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MAPPING_RESOURCE, e);
        }
    }
}
