package dev.agentmemory.consistency;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.IngestEvent;
import java.time.Instant;

/**
 * A fact of one user as the stream keeps it in its state store (JSON): an active one (nothing has
 * replaced it; each new memory is compared with it), or a retired one (superseded or merged; kept
 * without its vector, so that a redelivered memory is recognised and decided only once).
 * Immutable as long as nobody writes into {@code vector}.
 *
 * @param effectiveAt when it became true: {@code occurred_at}, else acceptance time ("newest" means this)
 * @param mentionCount how often it has been said (merged duplicates count)
 * @param weight its decay weight as last published (1 when new; the decay sweep updates it)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Fact(
        boolean active,
        String memoryId,
        String tenantId,
        String userId,
        String content,
        String type,
        String key,
        float[] vector,
        Instant effectiveAt,
        int mentionCount,
        double weight) {

    static Fact of(EmbeddedEvent event) {
        IngestEvent m = event.memory();
        Instant effective = m.occurredAt() != null ? m.occurredAt() : m.acceptedAt();
        return new Fact(
                true,
                m.memoryId(),
                m.tenantId(),
                m.userId(),
                m.content(),
                m.type().wireName(),
                m.key(),
                event.embedding(),
                effective,
                1,
                1.0);
    }

    /** Said again at {@code when}: one more mention, and true since the latest of the two (a restatement renews it). */
    Fact mentionedAgain(Instant when) {
        Instant latest = when.isAfter(effectiveAt) ? when : effectiveAt;
        return new Fact(
                active, memoryId, tenantId, userId, content, type, key, vector, latest, mentionCount + 1, weight);
    }

    /** The same fact, no longer active, without its vector. */
    Fact retired() {
        return new Fact(false, memoryId, tenantId, userId, content, type, key, null, effectiveAt, mentionCount, weight);
    }

    /** Retired as a duplicate: its mention is counted in the fact it was merged into, not here. */
    Fact retiredAsDuplicate() {
        return new Fact(false, memoryId, tenantId, userId, content, type, key, null, effectiveAt, 0, weight);
    }

    /** The same fact, said {@code count} times in all. */
    Fact mentioned(int count) {
        return new Fact(active, memoryId, tenantId, userId, content, type, key, vector, effectiveAt, count, weight);
    }

    /** The same fact with another vector (the store keeps vectors apart from the JSON). */
    Fact withVector(float[] newVector) {
        return new Fact(
                active, memoryId, tenantId, userId, content, type, key, newVector, effectiveAt, mentionCount, weight);
    }

    /** The same fact with its decay weight as just published. */
    Fact weighing(double newWeight) {
        return new Fact(
                active, memoryId, tenantId, userId, content, type, key, vector, effectiveAt, mentionCount, newWeight);
    }

    /**
     * Whether it states how things are (a preference, a fact, an instruction), which a later
     * statement can make untrue; an event or an observation happened and stays true.
     */
    boolean statesHowThingsAre() {
        return !type.equals("event") && !type.equals("observation");
    }

    /** The state-store key: a user's facts share the prefix {@link #userPrefix}. */
    String storeKey() {
        return userPrefix(tenantId, userId) + memoryId;
    }

    static String userPrefix(String tenantId, String userId) {
        return tenantId + "/" + userId + "/";
    }

    /** Cosine similarity of the two facts' embeddings. */
    double similarity(Fact other) {
        return vector == null || other.vector == null ? 0 : Vectors.cosine(vector, other.vector);
    }

    /**
     * The fact as the store keeps it: an event or an observation without its vector, since nothing
     * is ever compared with it by similarity (it is neither merged nor replaced, only its slot's
     * later values are), and its 1.5 KB would be read again for every later memory of its user.
     */
    Fact stored() {
        return statesHowThingsAre() || vector == null ? this : withVector(null);
    }
}
