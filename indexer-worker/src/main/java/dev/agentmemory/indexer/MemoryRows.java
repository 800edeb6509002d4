package dev.agentmemory.indexer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.IngestEvent;
import java.sql.Timestamp;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes memories to the document store in one batched statement per poll. Keyed by (tenant,
 * memory id) and {@code on conflict do nothing}: a redelivered event changes nothing. Thread-safe.
 */
final class MemoryRows {

    private static final String UPSERT = """
            insert into memories (tenant_id, memory_id, user_id, type, content, fact_key, metadata,
                                  occurred_at, created_at, embedding, embedding_model)
            values (:tenant_id, cast(:memory_id as uuid), :user_id, :type, :content, :fact_key,
                    cast(:metadata as jsonb), :occurred_at, :created_at, :embedding, :embedding_model)
            on conflict (tenant_id, memory_id) do nothing
            """;

    private final Jdbi jdbi;
    private final ObjectMapper mapper;

    MemoryRows(Jdbi jdbi, ObjectMapper mapper) {
        this.jdbi = jdbi;
        this.mapper = mapper;
    }

    void upsert(List<EmbeddedEvent> events) {
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(UPSERT);
            for (EmbeddedEvent event : events) {
                IngestEvent m = event.memory();
                float[] vector = event.embedding();
                batch.bind("tenant_id", m.tenantId())
                        .bind("memory_id", m.memoryId())
                        .bind("user_id", m.userId())
                        .bind("type", m.type().wireName())
                        .bind("content", m.content())
                        .bind("fact_key", m.key())
                        .bind("metadata", json(m))
                        .bind("occurred_at", m.occurredAt() == null ? null : Timestamp.from(m.occurredAt()))
                        .bind("created_at", Timestamp.from(m.acceptedAt()))
                        // pgjdbc maps float[] to real[]
                        .bind("embedding", (position, statement, ctx) -> statement.setObject(position, vector))
                        .bind("embedding_model", event.embeddingModel())
                        .add();
            }
            batch.execute();
        });
    }

    private String json(IngestEvent memory) {
        try {
            return mapper.writeValueAsString(memory.metadata());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata of " + memory.memoryId() + " is not serialisable", e);
        }
    }
}
