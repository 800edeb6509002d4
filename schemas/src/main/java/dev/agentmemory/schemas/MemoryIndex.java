package dev.agentmemory.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern TENANT_INDEX = Pattern.compile("memory-(.+)-v[0-9]+(?:-r[0-9]+)?");

    public static String alias(String tenantId) {
        return "memory-" + tenantId;
    }

    public static String concreteIndex(String tenantId) {
        return alias(tenantId) + "-v" + LAYOUT_VERSION;
    }

    /** How a tenant index is built: vector size, HNSW graph parameters, sharding, refresh. */
    public record Layout(int dimensions, int m, int efConstruction, int shards, int replicas, int refreshIntervalMs) {}

    /**
     * The {@code _bulk} action line of a partial upsert of one memory's document. The memory and
     * the decisions about it are written by two loops of the indexer; when both touch a document at
     * once, OpenSearch answers a version conflict, so it retries the merge itself.
     */
    public static Map<String, Object> upsertAction(String tenantId, String memoryId) {
        return Map.of("_index", alias(tenantId), "_id", memoryId, "retry_on_conflict", 3);
    }

    /** The body that creates a tenant's index: settings, mappings and the tenant's alias. */
    public static String createBody(String tenantId, Layout layout) {
        ObjectNode root = indexBody(layout);
        root.putObject("aliases").putObject(alias(tenantId));
        return root.toString();
    }

    /** Settings and mappings of a tenant index laid out as {@code layout}, without any alias. */
    public static ObjectNode indexBody(Layout layout) {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = MemoryIndex.class.getResourceAsStream(MAPPING_RESOURCE)) {
            ObjectNode root = (ObjectNode) mapper.readTree(in);
            ObjectNode index = (ObjectNode) root.at("/settings/index");
            index.put("number_of_shards", layout.shards());
            index.put("number_of_replicas", layout.replicas());
            index.put("refresh_interval", layout.refreshIntervalMs() + "ms");
            ObjectNode vector = (ObjectNode) root.at("/mappings/properties/embedding");
            vector.put("dimension", layout.dimensions());
            ObjectNode hnsw = (ObjectNode) vector.at("/method/parameters");
            hnsw.put("m", layout.m());
            hnsw.put("ef_construction", layout.efConstruction());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MAPPING_RESOURCE, e);
        }
    }

    /**
     * The name of a rebuilt index of a tenant: {@code memory-<tenant>-v1-r<millis>}, distinct from
     * every earlier one. A tenant id is at most 48 characters, so the name stays under OpenSearch's 255.
     */
    public static String rebuiltIndex(String tenantId, long epochMillis) {
        return concreteIndex(tenantId) + "-r" + epochMillis;
    }

    /** Whether {@code index} is an index of this tenant, first or rebuilt (and not another tenant's). */
    public static boolean isIndexOf(String tenantId, String index) {
        String first = concreteIndex(tenantId);
        return index.equals(first) || index.matches(Pattern.quote(first) + "-r[0-9]+");
    }

    /**
     * The tenant whose index {@code index} is, first or rebuilt ({@code memory-acme-v1},
     * {@code memory-acme-v1-r1732500000000} → {@code acme}); empty for any other index.
     */
    public static Optional<String> tenantOf(String index) {
        Matcher m = TENANT_INDEX.matcher(index);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The body of a {@code PUT <alias>/_mapping} that adds to an existing index the fields the
     * mapping gained since it was created (every field but the vector, whose settings are fixed at
     * creation); fields it already has are unchanged, so it can be sent any number of times.
     */
    public static String fieldsUpdateBody() {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = MemoryIndex.class.getResourceAsStream(MAPPING_RESOURCE)) {
            ObjectNode properties = (ObjectNode) mapper.readTree(in).at("/mappings/properties");
            properties.remove("embedding");
            return mapper.writeValueAsString(mapper.createObjectNode().set("properties", properties));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MAPPING_RESOURCE, e);
        }
    }
}
