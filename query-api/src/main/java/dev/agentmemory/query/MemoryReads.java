package dev.agentmemory.query;

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
 * Reads single memories and a user's memories from the document store, always within one tenant.
 * Jdbi makes it thread-safe.
 */
@RegisterConstructorMapper(MemoryReads.StoredMemory.class)
@RegisterConstructorMapper(MemoryReads.Decision.class)
interface MemoryReads {

    /** A consistency decision as applied ({@code memory_decisions}), with its evidence. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Decision(
            String decisionId,
            String kind,
            String memoryId,
            String otherMemoryId,
            Instant validUntil,
            Integer mentionCount,
            Double weight,
            @JsonRawValue String evidence,
            Instant decidedAt) {}

    /** The decisions about a memory and those naming it as the other side, oldest first. */
    @SqlQuery("""
            select decision_id, kind, memory_id, other_memory_id, valid_until, mention_count, weight,
                   evidence::text as evidence, decided_at
              from memory_decisions
             where tenant_id = :tenantId and (memory_id = :memoryId or other_memory_id = :memoryId)
             order by decided_at, decision_id
            """)
    List<Decision> decisions(@Bind("tenantId") String tenantId, @Bind("memoryId") String memoryId);

    /** A memory as stored (without its vector). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StoredMemory(
            String memoryId,
            String tenantId,
            String userId,
            String type,
            String content,
            String key,
            @JsonRawValue String metadata,
            Instant occurredAt,
            Instant createdAt,
            String embeddingModel) {}

    String COLUMNS = """
            memory_id::text as memory_id, tenant_id, user_id, type, content, fact_key as key,
            metadata::text as metadata, occurred_at, created_at, embedding_model
            """;

    @SqlQuery(
            "select " + COLUMNS + " from memories where tenant_id = :tenantId and memory_id = cast(:memoryId as uuid)")
    Optional<StoredMemory> find(@Bind("tenantId") String tenantId, @Bind("memoryId") String memoryId);

    /** Newest first; the page after the cursor (created_at, memory_id of the last row of the previous page). */
    @SqlQuery("select " + COLUMNS + """
             from memories
            where tenant_id = :tenantId and user_id = :userId
              and (cast(:afterCreated as timestamptz) is null
                   or (created_at, memory_id) < (cast(:afterCreated as timestamptz), cast(:afterId as uuid)))
            order by created_at desc, memory_id desc
            limit :limit
            """)
    List<StoredMemory> page(
            @Bind("tenantId") String tenantId,
            @Bind("userId") String userId,
            @Bind("afterCreated") Instant afterCreated,
            @Bind("afterId") String afterId,
            @Bind("limit") int limit);
}
