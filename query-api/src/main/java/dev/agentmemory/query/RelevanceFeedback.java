package dev.agentmemory.query;

import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Remembers recent retrievals (an hour at most, by {@code retrieval_id}) so that feedback on a result
 * can be checked against what was actually returned, and turns the feedback into {@code
 * memory_retrieval_relevance_score{tenant}}: the share of results judged relevant over the last
 * minutes, once there are {@value #MIN_JUDGEMENTS} judgements ({@link TenantAverages}). Thread-safe.
 *
 * <p>A retrieval is kept compactly — its tenant and a 64-bit fingerprint of each returned memory id,
 * about 240 bytes for ten results — and all of them within {@link #MAX_BYTES}: kept as strings,
 * 200,000 retrievals of {@code top_k} 50 would have needed ~900 MB, more than query-api's heap. When
 * the bytes run out the oldest retrieval goes first (first in, first out: feedback comes soon after
 * a retrieval, and a frequency-based cache may keep the old ones, never read, instead of the new):
 * at 300 retrievals a second of ten results, the last quarter of an hour is kept.
 */
final class RelevanceFeedback {

    /** The most the remembered retrievals may take (estimated: see {@link #weight}). */
    static final long MAX_BYTES = 64L << 20;

    private static final long KEEP_NANOS = Duration.ofHours(1).toNanos();
    /** Judgements a tenant's relevance score needs within its window before it has a value. */
    static final int MIN_JUDGEMENTS = 20;

    /**
     * What one retrieval returned: its tenant, the fingerprints of its memory ids, and when; {@code
     * judged} marks the results already judged (a bit per result).
     */
    private record Retrieval(String tenantId, long[] memoryIds, long atNanos, long[] judged) {
        Retrieval(String tenantId, long[] memoryIds, long atNanos) {
            this(tenantId, memoryIds, atNanos, new long[(memoryIds.length + 63) / 64]);
        }

        boolean keptAt(long nowNanos) {
            return nowNanos - atNanos < KEEP_NANOS;
        }

        /** The result's position, or -1 when the retrieval did not return the memory. */
        int position(String memoryId) {
            long wanted = fingerprint(memoryId);
            for (int i = 0; i < memoryIds.length; i++) {
                if (memoryIds[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }

        /** Marks the result judged; false when it already was. */
        boolean firstJudgement(int position) {
            synchronized (judged) {
                long bit = 1L << (position % 64);
                boolean first = (judged[position / 64] & bit) == 0;
                judged[position / 64] |= bit;
                return first;
            }
        }
    }

    private final Map<UUID, Retrieval> byId = new ConcurrentHashMap<>();
    private final Queue<UUID> oldestFirst = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final LongSupplier nanoClock;
    private final TenantAverages relevance;

    RelevanceFeedback(MeterRegistry registry) {
        this(registry, System::nanoTime);
    }

    RelevanceFeedback(MeterRegistry registry, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.relevance = new TenantAverages(
                "memory_retrieval_relevance_score",
                "share of retrieved memories judged relevant (feedback)",
                MIN_JUDGEMENTS,
                registry,
                () -> nanoClock.getAsLong() / 1_000_000);
    }

    /** {@code retrievalId} is a UUID (the retriever makes it); the tenant is one the key check let through. */
    void remember(String retrievalId, String tenantId, List<RetrievedMemory> results) {
        long[] ids = new long[results.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = fingerprint(results.get(i).memoryId());
        }
        long now = nanoClock.getAsLong();
        // interned: one copy per tenant, not one per retrieval (tenants are few and known)
        Retrieval retrieval = new Retrieval(tenantId.intern(), ids, now);
        UUID id = UUID.fromString(retrievalId);
        byId.put(id, retrieval);
        oldestFirst.add(id);
        bytes.addAndGet(weight(retrieval));
        forgetOld(now);
    }

    /** Drops the oldest retrievals while the bytes are exceeded or they are older than an hour. */
    private void forgetOld(long now) {
        synchronized (oldestFirst) {
            for (UUID oldest; (oldest = oldestFirst.peek()) != null; ) {
                Retrieval retrieval = byId.get(oldest);
                if (retrieval != null && bytes.get() <= MAX_BYTES && retrieval.keptAt(now)) {
                    return;
                }
                oldestFirst.poll();
                if (retrieval != null) { // null only for an id remembered twice, already dropped
                    byId.remove(oldest);
                    bytes.addAndGet(-weight(retrieval));
                }
            }
        }
    }

    /** Records one judgement; the retrieval must be the caller's tenant's and must have returned the memory. */
    void judge(String tenantId, String retrievalId, String memoryId, boolean relevant) {
        Retrieval retrieval = parse(retrievalId).map(byId::get).orElse(null);
        if (retrieval == null
                || !retrieval.keptAt(nanoClock.getAsLong())
                || !retrieval.tenantId().equals(tenantId)) {
            throw new ProblemException(
                    Problem.of(
                            404,
                            "unknown-retrieval",
                            "Unknown retrieval",
                            "no recent retrieval '" + retrievalId
                                    + "' for this tenant (the most recent retrievals are kept, up to an hour)"),
                    null);
        }
        int position = retrieval.position(memoryId);
        if (position < 0) {
            throw ProblemException.badRequest(
                    "memory '" + memoryId + "' was not a result of retrieval '" + retrievalId + "'");
        }
        // a judgement sent again (a retried POST, a double click) counts once
        if (retrieval.firstJudgement(position)) {
            relevance.record(tenantId, relevant ? 1 : 0);
        }
    }

    /** What the remembered retrievals take now, by {@link #weight}'s estimate. */
    long rememberedBytes() {
        return bytes.get();
    }

    private static Optional<UUID> parse(String retrievalId) {
        try {
            return Optional.of(UUID.fromString(retrievalId));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // never one of ours
        }
    }

    /**
     * Bytes an entry takes, roughly: the key (a UUID), the record, the array, the map's and the
     * queue's nodes and the judged bits' array (about 176 bytes in all), then 8 per result and per 64
     * results.
     */
    private static int weight(Retrieval retrieval) {
        return 176 + 8 * (retrieval.memoryIds().length + retrieval.judged().length);
    }

    /**
     * A 64-bit fingerprint of a memory id (FNV-1a over its characters, then MurmurHash3's finaliser):
     * a retrieval holds at most 50, so another id matching one by chance is a 1 in 10^17 event, and
     * its only effect would be one judgement counted.
     */
    static long fingerprint(String memoryId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < memoryId.length(); i++) {
            h = (h ^ memoryId.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
