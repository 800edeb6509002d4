package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.MemoryType;
import dev.agentmemory.schemas.Topics;
import dev.agentmemory.system.Gateway.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * What the pipeline does with records that reach Kafka directly: redelivery is harmless, and bad
 * records go to the dead-letter topic with a reason while the records after them still arrive.
 */
class PipelineDeliveryIT {

    private final EventCodec codec = new EventCodec();

    @Test
    void theSameEmbeddedEventDeliveredTwiceIsStoredOnce() {
        Tenant tenant = Gateway.newTenant("redeliver");
        String id = UUID.randomUUID().toString();
        byte[] event = embedded(tenant, id, unitVector());
        String key = Topics.partitionKey(tenant.id(), "u1");
        Backends.produce(Topics.EMBEDDED.name(), key, event);
        Backends.produce(Topics.EMBEDDED.name(), key, event);

        Backends.await(
                "the memory in PostgreSQL",
                () -> Backends.count(
                                "select count(*) from memories where tenant_id = ? and memory_id = ?::uuid",
                                tenant.id(),
                                id)
                        > 0);
        Gateway.sleep(2000); // time for the second copy to be processed too
        assertEquals(
                1,
                Backends.count(
                        "select count(*) from memories where tenant_id = ? and memory_id = ?::uuid", tenant.id(), id));
        assertEquals(1, Backends.indexedCopies(tenant.id(), id));
    }

    @Test
    void aDirectProducerRecordIsIndexedOnceEvenWhenProducedTwiceWithItsId() {
        Tenant tenant = Gateway.newTenant("direct");
        String id = UUID.randomUUID().toString();
        String json = "{\"memory_id\":\"" + id + "\",\"tenant_id\":\"" + tenant.id()
                + "\",\"user_id\":\"u1\",\"content\":\"produced straight to Kafka\",\"type\":\"observation\"}";
        String key = Topics.partitionKey(tenant.id(), "u1");
        Backends.produce(Topics.INGEST.name(), key, json.getBytes(StandardCharsets.UTF_8));
        Backends.produce(Topics.INGEST.name(), key, json.getBytes(StandardCharsets.UTF_8));

        tenant.awaitSearchable("u1", "produced straight to Kafka", id);
        Gateway.sleep(2000);
        assertEquals(1, Backends.indexedCopies(tenant.id(), id));
        assertEquals(
                1,
                Backends.count(
                        "select count(*) from memories where tenant_id = ? and memory_id = ?::uuid", tenant.id(), id));
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicWithAReasonAndThePipelineGoesOn() {
        Tenant tenant = Gateway.newTenant("dlq");
        String marker = UUID.randomUUID().toString();
        String key = Topics.partitionKey(tenant.id(), "u1");
        produceIngest(key, "{not json " + marker);
        produceIngest(
                key,
                "{\"tenant_id\":\"" + tenant.id() + "\",\"user_id\":\"u1\",\"type\":\"fact\",\"note\":\"" + marker
                        + "\"}");
        // valid by the schema, but with a NUL, which PostgreSQL cannot store: it once stalled the indexer's
        // partition, every retry of its batch failing
        produceIngest(
                key,
                "{\"tenant_id\":\"" + tenant.id() + "\",\"user_id\":\"u1\",\"type\":\"fact\",\"content\":\"" + marker
                        + "\\u0000\"}");
        // metadata over ingest.max_metadata_bytes, which the API would refuse: one value longer than
        // the index keeps as a term once made it into PostgreSQL but not OpenSearch
        produceIngest(
                key,
                "{\"tenant_id\":\"" + tenant.id() + "\",\"user_id\":\"u1\",\"type\":\"fact\",\"content\":\"" + marker
                        + "\",\"metadata\":{\"k\":\"" + "v".repeat(100_000) + "\"}}");
        String after = tenant.ingest("u1", "a valid memory after the bad ones", "fact");

        tenant.awaitSearchable("u1", "valid memory after the bad ones", after);
        Backends.await(
                "the four bad records on the dead-letter topic",
                () -> Backends.readContaining(Topics.DEAD_LETTER.name(), marker).size() == 4);
        for (var record : Backends.readContaining(Topics.DEAD_LETTER.name(), marker)) {
            assertEquals(key, record.key());
            assertEquals(Topics.INGEST.name(), header(record.headers().lastHeader(Topics.DLQ_SOURCE_TOPIC)));
            String reason = header(record.headers().lastHeader(Topics.DLQ_REASON));
            org.junit.jupiter.api.Assertions.assertTrue(
                    reason.startsWith("malformed JSON")
                            || reason.startsWith("schema violation")
                            || reason.startsWith("text may not contain U+0000")
                            || reason.matches("metadata is \\d+ bytes as JSON; at most \\d+ are allowed"),
                    reason);
        }
    }

    /** A record straight to the ingest topic, as a direct producer writes it. */
    private static void produceIngest(String key, String json) {
        Backends.produce(Topics.INGEST.name(), key, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRecordOfAnUnknownTenantIsDeadLetteredAndThePipelineGoesOn() {
        Tenant tenant = Gateway.newTenant("known");
        String stranger = "never-created-" + UUID.randomUUID().toString().substring(0, 8);
        String json =
                "{\"tenant_id\":\"" + stranger + "\",\"user_id\":\"u1\",\"content\":\"who am I\",\"type\":\"fact\"}";
        Backends.produce(
                Topics.INGEST.name(), Topics.partitionKey(stranger, "u1"), json.getBytes(StandardCharsets.UTF_8));
        String after = tenant.ingest("u1", "a memory of a known tenant", "fact");

        tenant.awaitSearchable("u1", "known tenant memory", after);
        Backends.await(
                "the unknown tenant's record on the dead-letter topic",
                () -> !Backends.readContaining(Topics.DEAD_LETTER.name(), stranger)
                        .isEmpty());
        var record =
                Backends.readContaining(Topics.DEAD_LETTER.name(), stranger).get(0);
        assertEquals(
                "unknown tenant '" + stranger + "'", header(record.headers().lastHeader(Topics.DLQ_REASON)));
        assertEquals(0, Backends.count("select count(*) from memories where tenant_id = ?", stranger));
    }

    @Test
    void anEmbeddingOfTheWrongSizeIsDeadLetteredAndTheNextEventIsStored() {
        Tenant tenant = Gateway.newTenant("dims");
        String wrong = UUID.randomUUID().toString();
        String right = UUID.randomUUID().toString();
        Backends.produce(Topics.EMBEDDED.name(), "k", embedded(tenant, wrong, new float[] {1, 0, 0}));
        Backends.produce(Topics.EMBEDDED.name(), "k", embedded(tenant, right, unitVector()));

        Backends.await(
                "the valid event in PostgreSQL",
                () -> Backends.count(
                                "select count(*) from memories where tenant_id = ? and memory_id = ?::uuid",
                                tenant.id(),
                                right)
                        == 1);
        assertEquals(
                0,
                Backends.count(
                        "select count(*) from memories where tenant_id = ? and memory_id = ?::uuid",
                        tenant.id(),
                        wrong));
        Backends.await(
                "the wrong-size event on the dead-letter topic",
                () -> !Backends.readContaining(Topics.DEAD_LETTER.name(), wrong).isEmpty());
        var record = Backends.readContaining(Topics.DEAD_LETTER.name(), wrong).get(0);
        assertEquals(
                "embedding has 3 dimensions, the index expects 384",
                header(record.headers().lastHeader(Topics.DLQ_REASON)));
        assertEquals(Topics.EMBEDDED.name(), header(record.headers().lastHeader(Topics.DLQ_SOURCE_TOPIC)));
    }

    private byte[] embedded(Tenant tenant, String id, float[] vector) {
        IngestEvent memory = new IngestEvent(
                1, id, tenant.id(), "u1", "content of " + id, MemoryType.FACT, null, null, Instant.now(), Map.of());
        return codec.encode(EmbeddedEvent.of(memory, vector, "test-vector", Instant.now()));
    }

    private static float[] unitVector() {
        float[] vector = new float[384];
        vector[0] = 1;
        return vector;
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
