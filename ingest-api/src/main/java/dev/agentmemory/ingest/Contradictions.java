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
}
