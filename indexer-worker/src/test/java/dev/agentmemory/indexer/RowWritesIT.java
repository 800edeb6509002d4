package dev.agentmemory.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.config.StackConfig;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against the stack's PostgreSQL: a batch holding a row PostgreSQL refuses for its data (here a NUL
 * in the user id, built in code: the codec refuses it on every topic, this is the net behind it)
 * stores the other rows and sets that one apart, instead of failing every retry.
 */
class RowWritesIT {

    private static final String TENANT =
            "it-rows-" + UUID.randomUUID().toString().substring(0, 8);
    private static Jdbi jdbi;

    @BeforeAll
    static void store() {
        MemoryConfig.Postgres pg = StackConfig.load().storage().postgres();
        jdbi = Jdbi.create(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @AfterAll
    static void clean() {
        jdbi.useHandle(h -> h.execute("delete from memories where tenant_id = ?", TENANT));
    }

    @Test
    void aRowPostgresRefusesIsSetApartAndTheOthersAreStored() {
        MemoryRows rows = new MemoryRows(jdbi, new EventCodec().mapper());
        List<EmbeddedEvent> events = new ArrayList<>();
        for (String user : List.of("alice", "bob", "mallory\u0000", "carol")) {
            IngestEvent memory = new IngestEvent(
                    IngestEvent.SCHEMA_VERSION,
                    UUID.randomUUID().toString(),
                    TENANT,
                    user,
                    "a memory of " + user.strip(),
                    MemoryType.FACT,
                    null,
                    null,
                    Instant.now(),
                    Map.of());
            events.add(EmbeddedEvent.of(memory, new float[] {0.6f, 0.8f}, "test-model", Instant.now()));
        }

        Map<Integer, String> refused = RowWrites.write(events, rows::upsert);

        assertEquals(List.of(2), List.copyOf(refused.keySet()));
        assertTrue(refused.get(2).startsWith("refused by the document store (SQLState 22021)"), refused.get(2));
        List<String> stored =
                jdbi.withHandle(h -> h.createQuery("select user_id from memories where tenant_id = :t order by user_id")
                        .bind("t", TENANT)
                        .mapTo(String.class)
                        .list());
        assertEquals(List.of("alice", "bob", "carol"), stored);
    }
}
