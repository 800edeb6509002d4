package dev.agentmemory.indexer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.schemas.ConsistencyEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes consistency decisions to {@code memory_decisions} in one batched statement per poll, keyed
 * by decision id ({@code on conflict do nothing}: a redelivered decision changes nothing).
 * Thread-safe.
 */
final class DecisionRows {

    private static final String INSERT = """
            insert into memory_decisions (decision_id, tenant_id, user_id, memory_id, kind, other_memory_id,
                                          valid_until, mention_count, weight, evidence, decided_at)
            values (:decision_id, :tenant_id, :user_id, :memory_id, :kind, :other_memory_id,
                    :valid_until, :mention_count, :weight, cast(:evidence as jsonb), :decided_at)
            on conflict (decision_id) do nothing
            """;

    private final Jdbi jdbi;
    private final ObjectMapper mapper;

    DecisionRows(Jdbi jdbi, ObjectMapper mapper) {
        this.jdbi = jdbi;
        this.mapper = mapper;
    }

    void insert(List<ConsistencyEvent> decisions) {
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(INSERT);
            for (ConsistencyEvent d : decisions) {
                batch.bind("decision_id", d.decisionId())
                        .bind("tenant_id", d.tenantId())
                        .bind("user_id", d.userId())
                        .bind("memory_id", d.memoryId())
                        .bind("kind", d.kind().wireName())
                        .bind("other_memory_id", d.otherMemoryId())
                        .bind("valid_until", timestamp(d.validUntil()))
                        .bind("mention_count", d.mentionCount())
                        .bind("weight", d.weight())
                        .bind("evidence", json(d))
                        .bind("decided_at", timestamp(d.decidedAt()))
                        .add();
            }
            batch.execute();
        });
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private String json(ConsistencyEvent decision) {
        try {
            return mapper.writeValueAsString(decision.evidence());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("evidence of " + decision.decisionId() + " is not serialisable", e);
        }
    }
}
