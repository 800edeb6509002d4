package dev.agentmemory.ingest;

import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts validated memories of one tenant: applies the tenant's rate limit, honours idempotency
 * keys, reserves quota, and publishes to {@link Topics#INGEST} keyed by tenant and user. A memory
 * counts as accepted only once Kafka acknowledged it (acks=all, idempotent producer) within the
 * request budget; otherwise its quota is given back and it is reported as unavailable; its
 * idempotency key is kept, since the record may still have been written, and a
 * retry with it publishes the same memory again ({@link IngestGuards#claimKey}). A refusal for the
 * quota sends nothing and frees the key. Thread-safe.
 */
public final class IngestService {

    /** One memory to ingest, with the client's idempotency key (may be null). */
    public record Submission(IngestEvent event, String idempotencyKey) {}

    /** What became of one submission: accepted (maybe earlier, by the same key) or refused with a problem. */
    public record Outcome(String memoryId, Instant acceptedAt, boolean replayed, ProblemException refusal) {
        static Outcome refused(ProblemException problem) {
            return new Outcome(null, null, false, problem);
        }

        public boolean accepted() {
            return refusal == null;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;
    private final IngestRateLimiter rateLimiter;
    private final IngestGuards guards;
    private final Clock clock;
    private final Duration timeout;
    private final Counter accepted;
    private final Counter unavailable;

    public IngestService(
            Producer<String, byte[]> producer,
            EventCodec codec,
            IngestRateLimiter rateLimiter,
            IngestGuards guards,
            Clock clock,
            Duration timeout,
            MeterRegistry registry) {
        this.producer = producer;
        this.codec = codec;
        this.rateLimiter = rateLimiter;
        this.guards = guards;
        this.clock = clock;
        this.timeout = timeout;
        this.accepted = Counter.builder("memory_ingest_accepted_total")
                .description("memories durably published to the ingest topic")
                .register(registry);
        this.unavailable = Counter.builder("memory_ingest_unavailable_total")
                .description("memories refused because Kafka did not acknowledge them in time")
                .register(registry);
    }

    /** Ingests the submissions (all of {@code tenantId}); answers one outcome per submission, in order. */
    public List<Outcome> ingest(String tenantId, List<Submission> submissions) {
        rateLimiter.acquire(tenantId, submissions.size());
        Outcome[] outcomes = new Outcome[submissions.size()];
        List<Integer> fresh = new ArrayList<>();
        List<IngestGuards.KeyClaim> claims = new ArrayList<>();
        List<IngestEvent> events = new ArrayList<>();
        // microseconds, as PostgreSQL keeps it: a memory published again carries the same value
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < submissions.size(); i++) {
            Submission submission = submissions.get(i);
            var claim = guards.claimKey(
                    tenantId,
                    submission.idempotencyKey(),
                    submission.idempotencyKey() == null ? null : requestHash(submission.event()),
                    UUID.randomUUID().toString(),
                    now,
                    timeout);
            if (claim.answered() != null) {
                outcomes[i] = claim.answered();
            } else {
                fresh.add(i);
                claims.add(claim);
                events.add(submission.event().completed(claim.memoryId(), claim.acceptedAt()));
            }
        }
        if (!events.isEmpty()) {
            List<Outcome> published = reserveAndPublish(tenantId, events, keys(submissions, fresh), claims);
            for (int j = 0; j < fresh.size(); j++) {
                outcomes[fresh.get(j)] = published.get(j);
            }
        }
        return List.of(outcomes);
    }

    private List<Outcome> reserveAndPublish(
            String tenantId, List<IngestEvent> events, List<String> keys, List<IngestGuards.KeyClaim> claims) {
        ProblemException quota = guards.reserveQuota(tenantId, events.size());
        if (quota != null) {
            for (int i = 0; i < events.size(); i++) {
                guards.releaseKey(tenantId, keys.get(i), claims.get(i));
            }
            return events.stream().map(e -> Outcome.refused(quota)).toList();
        }
        // one budget for the whole request: a send blocks (up to max.block.ms) while Kafka has no
        // metadata for the topic, and a batch must not wait that long once per item
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (IngestEvent event : events) {
            sends.add(
                    System.nanoTime() - deadline < 0
                            ? producer.send(new ProducerRecord<>(
                                    Topics.INGEST.name(), event.partitionKey(), codec.encode(event)))
                            : null); // not sent: answered 503 below
        }
        List<Outcome> outcomes = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < events.size(); i++) {
            if (acknowledged(sends.get(i), deadline)) {
                guards.markPublished(tenantId, keys.get(i));
                outcomes.add(new Outcome(events.get(i).memoryId(), events.get(i).acceptedAt(), false, null));
            } else {
                failed++;
                // the key is kept: Kafka may have written the record; a retry after the budget
                // publishes the same memory again (IngestGuards.claimKey)
                outcomes.add(Outcome.refused(ProblemException.unavailable(
                        "the event log did not acknowledge the memory in time; retry later (with the same"
                                + " Idempotency-Key a retry never stores it twice)",
                        RETRY_AFTER)));
            }
        }
        if (failed > 0) {
            guards.releaseQuota(tenantId, failed);
        }
        accepted.increment(events.size() - failed);
        unavailable.increment(failed);
        return outcomes;
    }

    private boolean acknowledged(Future<RecordMetadata> send, long deadlineNanos) {
        if (send == null) {
            return false;
        }
        try {
            send.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("Kafka did not acknowledge an ingest within {}: {}", timeout, e.toString());
            return false;
        }
    }

    /** What a keyed request asks for: the SHA-256 of the memory as submitted (hex). */
    private String requestHash(IngestEvent event) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(codec.encode(event)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static List<String> keys(List<Submission> submissions, List<Integer> positions) {
        List<String> keys = new ArrayList<>(positions.size());
        positions.forEach(i -> keys.add(submissions.get(i).idempotencyKey()));
        return keys;
    }

    /** The problem answered for a key whose first request is still publishing. */
    static ProblemException inProgress(String key) {
        return new ProblemException(
                Problem.of(
                        409,
                        "idempotency-in-progress",
                        "Request in progress",
                        "a request with Idempotency-Key '" + key + "' is still being processed; retry shortly"),
                Duration.ofSeconds(1));
    }
}
