package dev.agentmemory.schemas;

import java.time.Duration;
import java.util.List;

/**
 * The topic catalogue: every topic the pipeline uses, with its partitions and retention. Keys are
 * {@code "<tenant_id>/<user_id>"} everywhere, so one user's memories are processed in order.
 */
public final class Topics {

    /** One topic of the catalogue. */
    public record Spec(String name, int partitions, Duration retention, String purpose) {}

    public static final Spec INGEST = new Spec(
            "memory.ingest.v1", 6, Duration.ofDays(7), "IngestEvent JSON from the ingest API and direct producers");
    public static final Spec EMBEDDED =
            new Spec("memory.embedded.v1", 6, Duration.ofDays(7), "EmbeddedEvent JSON from the embedder worker");
    public static final Spec CONSISTENCY = new Spec(
            "memory.consistency.v1",
            6,
            Duration.ofDays(30),
            "ConsistencyEvent JSON from the consistency stream: supersessions, merges, contradictions, decay");
    public static final Spec DEAD_LETTER = new Spec(
            "memory.deadletter.v1",
            1,
            Duration.ofDays(30),
            "records that cannot be processed, unchanged, with the reason in headers");

    public static final List<Spec> ALL = List.of(INGEST, EMBEDDED, CONSISTENCY, DEAD_LETTER);

    /** Headers on a dead-letter record. */
    public static final String DLQ_REASON = "dlq.reason";

    public static final String DLQ_STAGE = "dlq.stage";

    public static final String DLQ_SOURCE_TOPIC = "dlq.source.topic";
    public static final String DLQ_SOURCE_PARTITION = "dlq.source.partition";
    public static final String DLQ_SOURCE_OFFSET = "dlq.source.offset";
    /** The source record's timestamp (epoch ms): acceptance, for a direct producer's record. */
    public static final String DLQ_SOURCE_TIMESTAMP = "dlq.source.timestamp";

    /** The stages that dead-letter, as {@link #DLQ_STAGE} names them. */
    public static final String STAGE_EMBED = "embed";

    public static final String STAGE_INDEX = "index";
    public static final String STAGE_CONSISTENCY = "consistency";
    /** The indexer applying consistency decisions to the stores. */
    public static final String STAGE_APPLY_DECISION = "apply-decision";

    public static final List<String> DLQ_STAGES =
            List.of(STAGE_EMBED, STAGE_INDEX, STAGE_CONSISTENCY, STAGE_APPLY_DECISION);

    private Topics() {}

    public static String partitionKey(String tenantId, String userId) {
        return tenantId + "/" + userId;
    }
}
