package dev.agentmemory.ingest;

import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import java.time.Duration;

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
     * Claims the key for a new memory. Answers null when the memory is new (or there is no key), and
     * the earlier outcome when the key was used before.
     */
    IngestService.Outcome claimKey(String tenantId, String key, String memoryId) {
        if (key == null || keys.claim(tenantId, key, memoryId)) {
            return null;
        }
        var claim = keys.find(tenantId, key);
        if (claim.isEmpty()) {
            // the first request just failed and freed the key: this one may take it
            return keys.claim(tenantId, key, memoryId)
                    ? null
                    : IngestService.Outcome.refused(IngestService.inProgress(key));
        }
        if (!claim.get().published()) {
            return IngestService.Outcome.refused(IngestService.inProgress(key));
        }
        return new IngestService.Outcome(claim.get().memoryId(), null, true, null);
    }

    void markPublished(String tenantId, String key) {
        if (key != null) {
            keys.markPublished(tenantId, key);
        }
    }

    void forgetKey(String tenantId, String key) {
        if (key != null) {
            keys.forget(tenantId, key);
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
