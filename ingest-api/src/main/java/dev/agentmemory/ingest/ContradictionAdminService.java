package dev.agentmemory.ingest;

import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.schemas.ConsistencyEvent;
import dev.agentmemory.schemas.ConsistencyEvent.Evidence;
import dev.agentmemory.schemas.ConsistencyEvent.Kind;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Lists a tenant's open contradictions and settles one: the memory kept wins, the other is
 * superseded by a {@code superseded} decision with rule {@code manual} on {@link
 * Topics#CONSISTENCY} (the indexer applies it; the consistency stream retires the loser from the
 * facts it compares). Answers only once the decision is durably in Kafka. A memory that lost one
 * settlement can neither lose nor be kept in another ({@code manual_settlements}, written before
 * the decision is published): two operators, or a retry, cannot hide both memories. Thread-safe.
 */
public final class ContradictionAdminService {

    private static final int MAX_LISTED = 500;

    private final Contradictions contradictions;
    private final Producer<String, byte[]> producer;
    private final EventCodec codec;
    private final Clock clock;
    private final Duration timeout;

    public ContradictionAdminService(
            Contradictions contradictions,
            Producer<String, byte[]> producer,
            EventCodec codec,
            Clock clock,
            Duration timeout) {
        this.contradictions = contradictions;
        this.producer = producer;
        this.codec = codec;
        this.clock = clock;
        this.timeout = timeout;
    }

    public List<Contradictions.Contradiction> open(String tenantId) {
        return contradictions.open(tenantId, MAX_LISTED);
    }

    /** Keeps {@code keep} (one of the two memories) and supersedes the other; the decision published. */
    public ConsistencyEvent resolve(String tenantId, String decisionId, String keep) {
        var open = contradictions
                .find(tenantId, decisionId)
                .orElseThrow(() -> new ProblemException(
                        Problem.of(404, "not-found", "Not Found", "no open contradiction '" + decisionId + "'"), null));
        String loser;
        if (open.memoryId().equals(keep)) {
            loser = open.otherMemoryId();
        } else if (open.otherMemoryId().equals(keep)) {
            loser = open.memoryId();
        } else {
            throw ProblemException.badRequest(
                    "keep must be one of the two memories: " + open.memoryId() + " or " + open.otherMemoryId());
        }
        if (!contradictions.settle(tenantId, open.userId(), loser, keep, decisionId)) {
            throw new ProblemException(
                    409,
                    "already-settled",
                    "Already settled",
                    "one of the two memories has already lost a settlement; the contradiction is being closed");
        }
        var now = clock.instant();
        var decision = new ConsistencyEvent(
                ConsistencyEvent.SCHEMA_VERSION,
                ConsistencyEvent.decisionId(Kind.SUPERSEDED, loser, keep),
                Kind.SUPERSEDED,
                tenantId,
                open.userId(),
                loser,
                keep,
                now,
                null,
                null,
                now,
                new Evidence("manual", null, null, "resolved by an operator (" + decisionId + ")", null, "manual"));
        try {
            producer.send(new ProducerRecord<>(
                            Topics.CONSISTENCY.name(), decision.partitionKey(), codec.encode(decision)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the settlement stays: the same one retried publishes the same decision id again,
            // which is applied once; another settlement of these memories is refused meanwhile
            throw ProblemException.unavailable("the decision could not be stored: " + e, Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("interrupted", Duration.ofSeconds(5));
        }
        return decision;
    }
}
