package dev.agentmemory.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentmemory.ingest.IngestService.Outcome;
import dev.agentmemory.ingest.IngestService.Submission;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.config.StackConfig;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.store.DocumentStore;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.MemoryType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against the stack's Kafka and PostgreSQL: Kafka writes a memory but its acknowledgement comes after
 * the request budget (the producer's future is held back), so the client gets a 503 although the
 * record is in the log. The same Idempotency-Key while that request waits: still in progress (409);
 * after its 503: the same memory is published again, same id and acceptance time, and the pipeline
 * stores it once.
 */
class IngestInDoubtIT {

    private static final String TENANT =
            "it-doubt-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration BUDGET = Duration.ofMillis(1500);

    private static MemoryConfig config;
    private static DocumentStore store;
    private static KafkaProducer<String, byte[]> kafka;

    @BeforeAll
    static void connect() {
        config = StackConfig.load();
        store = DocumentStore.open(config.storage().postgres(), "it-doubt", new SimpleMeterRegistry());
        // a real tenant, so the memory goes through the whole pipeline
        store.jdbi()
                .useHandle(h -> h.execute(
                        "insert into tenants (tenant_id, api_key_hash) values (?, ?)",
                        TENANT,
                        UUID.randomUUID().toString().getBytes()));
        kafka = new KafkaProducer<>(KafkaSettings.durableProducer(config, "it-doubt"));
    }

    @AfterAll
    static void close() {
        kafka.close();
        store.close();
    }

    @Test
    void aMemoryWrittenButAcknowledgedTooLateIsStoredOnceWhenRetriedWithItsKey() throws Exception {
        List<ProducerRecord<String, byte[]>> sent = new CopyOnWriteArrayList<>();
        List<Future<RecordMetadata>> written = new CopyOnWriteArrayList<>();
        CountDownLatch acknowledge = new CountDownLatch(1);
        IngestService ingest = new IngestService(
                lateAcknowledging(sent, written, acknowledge),
                new EventCodec(),
                new IngestRateLimiter(config.tenant()),
                new IngestGuards(
                        store.jdbi().onDemand(IdempotencyKeys.class),
                        store.jdbi().onDemand(TenantQuotas.class),
                        config.tenant().maxMemoriesPerTenant()),
                Clock.systemUTC(),
                BUDGET,
                new SimpleMeterRegistry());
        Submission memory = new Submission(
                new IngestEvent(
                        IngestEvent.SCHEMA_VERSION,
                        null,
                        TENANT,
                        "u1",
                        "the boat is moored at pier 7",
                        MemoryType.FACT,
                        null,
                        null,
                        null,
                        null),
                "doubt-key-1");

        var firstTry = CompletableFuture.supplyAsync(
                () -> ingest.ingest(TENANT, List.of(memory)).get(0));
        Thread.sleep(BUDGET.toMillis() / 3);
        Outcome concurrent = ingest.ingest(TENANT, List.of(memory)).get(0);
        assertEquals(409, concurrent.refusal().problem().status(), "the first try is still within its budget");
        Outcome first = firstTry.get();
        assertFalse(first.accepted());
        assertEquals(503, first.refusal().problem().status());
        written.get(0).get(); // yet Kafka has it

        Thread.sleep(200);
        acknowledge.countDown();
        Outcome retried = ingest.ingest(TENANT, List.of(memory)).get(0);
        assertTrue(retried.accepted(), () -> "retry: " + retried.refusal());
        Outcome again = ingest.ingest(TENANT, List.of(memory)).get(0);
        assertTrue(again.replayed());
        assertEquals(retried.memoryId(), again.memoryId());

        assertEquals(2, sent.size(), "published twice: once in doubt, once on the retry");
        EventCodec codec = new EventCodec();
        IngestEvent one = codec.decodeIngest(sent.get(0).value());
        IngestEvent two = codec.decodeIngest(sent.get(1).value());
        assertEquals(retried.memoryId(), one.memoryId());
        assertEquals(one.memoryId(), two.memoryId());
        assertEquals(one.acceptedAt(), two.acceptedAt());

        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (stored(one.memoryId()) == 0) {
            if (System.nanoTime() > deadline) {
                fail("memory " + one.memoryId() + " never reached the store");
            }
            Thread.sleep(250);
        }
        Thread.sleep(2000); // the second record is behind the first on the same partition
        assertEquals(1, stored(one.memoryId()));
        assertEquals(1, memoriesOf("u1"), "one memory for the user, not two");
    }

    private static long stored(String memoryId) {
        return store.jdbi()
                .withHandle(h -> h.createQuery(
                                "select count(*) from memories where tenant_id = ? and memory_id = cast(? as uuid)")
                        .bind(0, TENANT)
                        .bind(1, memoryId)
                        .mapTo(Long.class)
                        .one());
    }

    private static long memoriesOf(String user) {
        return store.jdbi()
                .withHandle(h -> h.createQuery("select count(*) from memories where tenant_id = ? and user_id = ?")
                        .bind(0, TENANT)
                        .bind(1, user)
                        .mapTo(Long.class)
                        .one());
    }

    /**
     * The real producer, but each send's future completes only once {@code acknowledge} is counted
     * down (the record itself is written at once): an acknowledgement that comes late.
     */
    @SuppressWarnings("unchecked")
    private static Producer<String, byte[]> lateAcknowledging(
            List<ProducerRecord<String, byte[]>> sent,
            List<Future<RecordMetadata>> written,
            CountDownLatch acknowledge) {
        return (Producer<String, byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("send")) {
                        return method.invoke(kafka, args);
                    }
                    ProducerRecord<String, byte[]> record = (ProducerRecord<String, byte[]>) args[0];
                    sent.add(record);
                    Future<RecordMetadata> real = kafka.send(record);
                    written.add(real);
                    CompletableFuture<RecordMetadata> late = new CompletableFuture<>();
                    Thread.ofVirtual().start(() -> {
                        try {
                            RecordMetadata metadata = real.get();
                            acknowledge.await();
                            late.complete(metadata);
                        } catch (Exception e) {
                            late.completeExceptionally(e);
                        }
                    });
                    return late;
                });
    }
}
