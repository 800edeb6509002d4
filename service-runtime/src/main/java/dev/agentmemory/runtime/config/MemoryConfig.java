package dev.agentmemory.runtime.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The whole configuration, in the shape of the reference's {@code memory-production.yaml}. Every
 * service reads the same file and uses the parts it needs; an unknown, missing or out-of-range key
 * stops the process at start with a message naming it ({@link ConfigLoader}). Immutable.
 */
public record MemoryConfig(
        Server server,
        Auth auth,
        Kafka kafka,
        Embedding embedding,
        Retrieval retrieval,
        Consistency consistency,
        Tenant tenant,
        Ingest ingest,
        Storage storage) {

    public MemoryConfig {
        if (server != null
                && storage != null
                && storage.vectorDb() != null
                && storage.vectorDb().timeoutMs() > server.requestTimeoutMs()) {
            // query-api answers 504 when OpenSearch is slower than this (per wait, connect and answer)
            throw new IllegalArgumentException(
                    "storage.vector_db.timeout_ms (" + storage.vectorDb().timeoutMs()
                            + ") must not exceed server.request_timeout_ms (" + server.requestTimeoutMs() + ")");
        }
        if (tenant != null && ingest != null && tenant.ingestBurst() < ingest.maxBatchItems()) {
            // a full batch takes max_batch_items tokens at once: it would be refused for ever
            throw new IllegalArgumentException("tenant.ingest_burst (" + tenant.ingestBurst()
                    + ") must be at least ingest.max_batch_items (" + ingest.maxBatchItems() + ")");
        }
    }

    public record Server(String host, int port, int workers, int maxConnections, int requestTimeoutMs) {
        public Server {
            Checks.range("port", port, 0, 65535);
            Checks.range("workers", workers, 1, 1024);
            Checks.range("max_connections", maxConnections, 1, 100_000);
            Checks.range("request_timeout_ms", requestTimeoutMs, 1, 600_000);
        }
    }

    /** @param adminKey the key for {@code /api/admin/*}; at least 16 characters */
    public record Auth(String adminKey) {
        public Auth {
            if (adminKey == null || adminKey.length() < 16) {
                throw new IllegalArgumentException("admin_key must be at least 16 characters");
            }
            if (adminKey.toLowerCase(java.util.Locale.ROOT).contains("change-me")) {
                throw new IllegalArgumentException(
                        "admin_key is the example's placeholder: set MEMORY_ADMIN_KEY to a random value of your own");
            }
        }
    }

    public record Kafka(String bootstrapServers, int maxPollRecords) {
        public Kafka {
            Checks.nonBlank("bootstrap_servers", bootstrapServers);
            Checks.range("max_poll_records", maxPollRecords, 1, 10_000);
        }
    }

    /**
     * @param provider {@code in_process} (an ONNX model inside the JVM) or {@code openai} (any
     *     OpenAI-compatible embeddings API)
     */
    public record Embedding(
            String provider, String model, int dimensions, int batchSize, int lingerMs, OpenAi openai, Cache cache) {
        public Embedding {
            Checks.range("linger_ms", lingerMs, 0, 10_000);
            Checks.oneOf("provider", provider, Set.of("in_process", "openai"));
            Checks.nonBlank("model", model);
            Checks.range("dimensions", dimensions, 1, 4096);
            Checks.range("batch_size", batchSize, 1, 2048);
        }
    }

    public record OpenAi(
            String baseUrl, String apiKey, int timeoutMs, int maxRetries, int backoffBaseMs, int backoffMaxMs) {
        public OpenAi {
            Checks.range("timeout_ms", timeoutMs, 1, 600_000);
            Checks.range("max_retries", maxRetries, 0, 100);
            Checks.range("backoff_base_ms", backoffBaseMs, 1, 600_000);
            Checks.range("backoff_max_ms", backoffMaxMs, backoffBaseMs, 3_600_000);
        }
    }

    public record Cache(boolean enabled, int maxEntries, int ttlSeconds) {}

    public record Retrieval(
            double vectorWeight,
            double lexicalWeight,
            double temporalWeight,
            Hnsw hnsw,
            int candidatePool,
            int topK,
            int maxTopK) {
        public Retrieval {
            Checks.range("vector_weight", vectorWeight, 0, 1);
            Checks.range("lexical_weight", lexicalWeight, 0, 1);
            Checks.range("temporal_weight", temporalWeight, 0, 1);
            Checks.range("candidate_pool", candidatePool, 1, 10_000);
            Checks.range("top_k", topK, 1, candidatePool);
            Checks.range("max_top_k", maxTopK, topK, candidatePool);
        }
    }

    public record Hnsw(int efConstruction, int m, int efSearch) {
        public Hnsw {
            // the lucene engine's own limits (Lucene99HnswVectorsFormat: MAXIMUM_BEAM_WIDTH, MAXIMUM_MAX_CONN):
            // beyond them every tenant index would fail to be created, or every write to it
            Checks.range("ef_construction", efConstruction, 2, 3200);
            Checks.range("m", m, 2, 512);
            Checks.range("ef_search", efSearch, 1, 10_000);
        }
    }

    /** @param stateDir where the consistency stream keeps its state stores (restored from Kafka when lost) */
    public record Consistency(Supersession supersession, Decay decay, String stateDir) {}

    /**
     * Thresholds are cosine similarities, or {@code auto}: the value calibrated for {@code
     * embedding.model} (similarity scales differ by model; see consistency-stream/README.md).
     *
     * @param judge what decides, between the candidate and similarity thresholds, whether a later
     *     statement replaces an earlier one
     */
    public record Supersession(
            boolean enabled,
            String similarityThreshold,
            String candidateThreshold,
            String mergeThreshold,
            String conflictResolution,
            Judge judge) {
        public Supersession {
            threshold("similarity_threshold", similarityThreshold);
            threshold("candidate_threshold", candidateThreshold);
            threshold("merge_threshold", mergeThreshold);
            Checks.oneOf("conflict_resolution", conflictResolution, Set.of("newest_wins", "most_frequent", "manual"));
        }

        /** The configured value, or null for {@code auto}. */
        public static Double threshold(String key, String value) {
            if (value.equals("auto")) {
                return null;
            }
            double number;
            try {
                number = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be auto or a number between 0 and 1, was " + value);
            }
            Checks.range(key, number, 0, 1);
            return number;
        }
    }

    /**
     * The contradiction judge of {@code consistency.supersession}.
     *
     * @param provider {@code builtin} (rules over the words, no network) or {@code openai} (a chat
     *     model behind any OpenAI-compatible API, falling back to the built-in judge when it fails)
     * @param model the chat model's name, used when {@code provider} is {@code openai}
     * @param openai the API, used when {@code provider} is {@code openai}
     */
    public record Judge(String provider, String model, OpenAi openai) {
        public Judge {
            Checks.oneOf("provider", provider, Set.of("builtin", "openai"));
            Checks.nonBlank("model", model);
        }
    }

    /** @param sweepSchedule a Unix cron expression (5 fields, UTC), checked where it is used */
    public record Decay(boolean enabled, double halfLifeDays, double minWeight, String sweepSchedule, int batchSize) {
        public Decay {
            Checks.range("half_life_days", halfLifeDays, 0.001, 100_000);
            Checks.range("min_weight", minWeight, 0, 1);
            Checks.range("batch_size", batchSize, 1, 1_000_000);
        }

        /** Recency of something {@code ageDays} old: 1 now, halving every half-life (a future date counts as now). */
        public double recency(double ageDays) {
            return Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
        }

        /** The decay weight of a fact {@code ageDays} old: max(min_weight, recency); 1 when decay is off. */
        public double weight(double ageDays) {
            return enabled ? Math.max(minWeight, recency(ageDays)) : 1;
        }

        /** Age in days from {@code from} to {@code to}. */
        public static double ageDays(Instant from, Instant to) {
            return Duration.between(from, to).toMillis() / 86_400_000.0;
        }
    }

    public record Tenant(
            String isolation,
            int maxMemoriesPerTenant,
            int maxRetrievalConcurrent,
            int maxIngestPerSecond,
            int ingestBurst) {
        public Tenant {
            Checks.oneOf("isolation", isolation, Set.of("strict"));
            Checks.range("max_memories_per_tenant", maxMemoriesPerTenant, 1, Integer.MAX_VALUE);
            Checks.range("max_retrieval_concurrent", maxRetrievalConcurrent, 1, 100_000);
            Checks.range("max_ingest_per_second", maxIngestPerSecond, 1, 1_000_000);
            Checks.range("ingest_burst", ingestBurst, 1, 10_000_000);
        }
    }

    public record Ingest(int maxBatchItems, int maxMetadataBytes, int idempotencyTtlHours) {
        public Ingest {
            Checks.range("max_batch_items", maxBatchItems, 1, 10_000);
            Checks.range("max_metadata_bytes", maxMetadataBytes, 2, 1_000_000);
            Checks.range("idempotency_ttl_hours", idempotencyTtlHours, 1, 24 * 365);
        }
    }

    public record Storage(VectorDb vectorDb, Postgres postgres) {}

    /** OpenSearch: the vector (kNN) and lexical (BM25) index. */
    public record VectorDb(String url, int poolSize, int timeoutMs, int shards, int replicas, int refreshIntervalMs) {
        public VectorDb {
            Checks.range("refresh_interval_ms", refreshIntervalMs, 100, 60_000);
            Checks.nonBlank("url", url);
            Checks.range("pool_size", poolSize, 1, 1000);
            Checks.range("timeout_ms", timeoutMs, 1, 600_000);
            Checks.range("shards", shards, 1, 1024);
            Checks.range("replicas", replicas, 0, 16);
        }
    }

    public record Postgres(
            String host,
            int port,
            String database,
            String user,
            String password,
            int poolSize,
            int maxOverflow,
            int idleTimeoutMs) {
        public Postgres {
            Checks.nonBlank("host", host);
            Checks.range("port", port, 1, 65535);
            Checks.nonBlank("database", database);
            Checks.nonBlank("user", user);
            Checks.range("pool_size", poolSize, 1, 1000);
            Checks.range("max_overflow", maxOverflow, 0, 1000);
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }
}
