package dev.agentmemory.ingest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Contradictions the consistency stream detected and nobody has settled: a {@code
 * contradiction_detected} decision neither of whose memories has been superseded since (with the
 * {@code manual} policy, the stream supersedes nothing itself). Jdbi makes it thread-safe.
 */
@RegisterConstructorMapper(Contradictions.Contradiction.class)
public interface Contradictions {

    /** One open contradiction: {@code memoryId} the earlier fact, {@code otherMemoryId} the one against it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Contradiction(
            String decisionId,
            String userId,
            String memoryId,
            String otherMemoryId,
            @JsonRawValue String evidence,
            Instant decidedAt) {}

    String OPEN = """
            select c.decision_id, c.user_id, c.memory_id, c.other_memory_id, c.evidence::text as evidence, c.decided_at
              from memory_decisions c
             where c.tenant_id = :tenantId and c.kind = 'contradiction_detected'
               and not exists (select 1 from memory_decisions s
                                where s.tenant_id = c.tenant_id and s.kind = 'superseded'
                                  and s.memory_id in (c.memory_id, c.other_memory_id))
            """;

    @SqlQuery(OPEN + " order by c.decided_at, c.decision_id limit :limit")
    List<Contradiction> open(@Bind("tenantId") String tenantId, @Bind("limit") int limit);

    @SqlQuery(OPEN + " and c.decision_id = :decisionId")
    Optional<Contradiction> find(@Bind("tenantId") String tenantId, @Bind("decisionId") String decisionId);

    /**
     * Records that {@code loser} lost to {@code kept}, unless either of them already lost another
     * settlement: false then (the same settlement again, a retry, is true). One user's settlements
     * are serialised (an advisory lock for the transaction), so two at once cannot both pass.
     */
    @Transaction
    default boolean settle(String tenantId, String userId, String loser, String kept, String contradictionId) {
        lockUser(tenantId + "/" + userId);
        if (lost(tenantId, loser, kept) > 0) {
            return false;
        }
        insertSettlement(tenantId, loser, kept, contradictionId);
        return true;
    }

    @SqlQuery("select 1 from pg_advisory_xact_lock(hashtextextended(:key, 0))")
    int lockUser(@Bind("key") String key);

    @SqlQuery("""
            select count(*) from manual_settlements
             where tenant_id = :tenantId and memory_id in (:loser, :kept)
               and not (memory_id = :loser and kept_memory_id = :kept)
            """)
    int lost(@Bind("tenantId") String tenantId, @Bind("loser") String loser, @Bind("kept") String kept);

    @SqlUpdate("""
            insert into manual_settlements (tenant_id, memory_id, kept_memory_id, contradiction_id)
            values (:tenantId, :loser, :kept, :contradictionId)
            on conflict (tenant_id, memory_id) do nothing
            """)
    void insertSettlement(
            @Bind("tenantId") String tenantId,
            @Bind("loser") String loser,
            @Bind("kept") String kept,
            @Bind("contradictionId") String contradictionId);
}
