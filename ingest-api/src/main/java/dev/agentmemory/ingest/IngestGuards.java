package dev.agentmemory.ingest;

import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import java.time.Duration;
import java.time.Instant;

/**
 * The document-store side of ingest: idempotency keys and the per-tenant quota. A null key means the
 * client sent none, and every key operation is then a no-op. Thread-safe.
 */
public final class IngestGuards {

    private static final Duration QUOTA_RETRY_AFTER = Duration.ofHours(1);

    private final IdempotencyKeys keys;
    private final TenantQuotas quotas;
    private final long defaultQuota;

    public IngestGuards(IdempotencyKeys keys, TenantQuotas quotas, long defaultQuota) {
        this.keys = keys;
        this.quotas = quotas;
        this.defaultQuota = defaultQuota;
    }

    /**
     * What a key lets a request do: publish {@code memoryId} accepted at {@code acceptedAt} (a new
     * memory, or again the one of an earlier attempt whose outcome is unknown), or answer {@code
     * answered} (the memory a published key made, or a problem). {@code takenOver}: the memory is an
     * earlier attempt's, which may be in Kafka already.
     */
    record KeyClaim(IngestService.Outcome answered, String memoryId, Instant acceptedAt, boolean takenOver) {
        static KeyClaim publish(String memoryId, Instant acceptedAt, boolean takenOver) {
            return new KeyClaim(null, memoryId, acceptedAt, takenOver);
        }

        static KeyClaim answer(IngestService.Outcome outcome) {
            return new KeyClaim(outcome, null, null, false);
        }
    }

    /**
     * Claims the key for a new memory ({@code memoryId}, accepted at {@code acceptedAt}): the memory
     * to publish, or the answer when the key was used before. An unpublished key whose attempt is
     * older than {@code budget} had its outcome unknown (Kafka's acknowledgement came too late, or
     * the process died): this request publishes that same memory again, which every stage stores
     * once. A younger one is still in progress: 409. A key used before for another memory ({@code
     * requestHash}: what the request asks for) is refused: 422.
     */
    KeyClaim claimKey(
            String tenantId, String key, String requestHash, String memoryId, Instant acceptedAt, Duration budget) {
        if (key == null || keys.claim(tenantId, key, memoryId, acceptedAt, requestHash)) {
            return KeyClaim.publish(memoryId, acceptedAt, false);
        }
        var claim = keys.find(tenantId, key);
        if (claim.isEmpty()) {
            // the key expired between the two statements: this one may take it
            return keys.claim(tenantId, key, memoryId, acceptedAt, requestHash)
                    ? KeyClaim.publish(memoryId, acceptedAt, false)
                    : KeyClaim.answer(IngestService.Outcome.refused(IngestService.inProgress(key)));
        }
        if (claim.get().requestHash() != null && !claim.get().requestHash().equals(requestHash)) {
            // another memory under a key already used: answering the first one would drop this one
            return KeyClaim.answer(IngestService.Outcome.refused(new ProblemException(
                    422,
                    "idempotency-key-reused",
                    "Idempotency key reused",
                    "Idempotency-Key '" + key + "' was used for another memory; a retry must send the same one")));
        }
        if (claim.get().published()) {
            return KeyClaim.answer(new IngestService.Outcome(
                    claim.get().memoryId(), claim.get().acceptedAt(), true, null));
        }
        var inDoubt = keys.takeOver(tenantId, key, budget.toMillis() / 1000.0);
        if (inDoubt.isPresent()) {
            Instant accepted =
                    inDoubt.get().acceptedAt() != null ? inDoubt.get().acceptedAt() : acceptedAt;
            return KeyClaim.publish(inDoubt.get().memoryId(), accepted, true);
        }
        return KeyClaim.answer(IngestService.Outcome.refused(IngestService.inProgress(key)));
    }

    /**
     * Gives a claim back after a refusal that sent nothing (the quota): the retry is then judged
     * afresh, not answered 409 as if this attempt were still publishing.
     */
    void releaseKey(String tenantId, String key, KeyClaim claim) {
        if (key == null) {
            return;
        }
        if (claim.takenOver()) {
            keys.reopen(tenantId, key);
        } else {
            keys.forget(tenantId, key, claim.memoryId());
        }
    }

    void markPublished(String tenantId, String key) {
        if (key != null) {
            keys.markPublished(tenantId, key);
        }
    }

    /** Reserves quota for {@code count} memories; answers the 429 problem when there is no room. */
    ProblemException reserveQuota(String tenantId, int count) {
        if (quotas.reserve(tenantId, count, defaultQuota)) {
            return null;
        }
        return new ProblemException(
                Problem.of(
                        429,
                        "quota-exceeded",
                        "Memory quota exceeded",
                        "tenant '" + tenantId + "' has reached its memory quota"),
                QUOTA_RETRY_AFTER);
    }

    void releaseQuota(String tenantId, int count) {
        quotas.release(tenantId, count);
    }

    /** Forgets keys older than the TTL; answers how many. */
    int expireKeys(int ttlHours) {
        return keys.expire(ttlHours);
    }
}
