package dev.agentmemory.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every path of setting a refused batch apart, an outage among them. The writer here stands in for
 * a Jdbi batch failing as pgjdbc reports it (a BatchUpdateException whose next exception carries the
 * statement's SQLState); {@link RowWritesIT} has the real PostgreSQL refuse a row.
 */
class RowWritesTest {

    /** Writes rows, failing a batch that holds "bad" with {@code state}, as a Jdbi batch would. */
    private static final class Store implements Consumer<List<String>> {
        final List<String> written = new ArrayList<>();
        final String state;
        int calls;

        Store(String state) {
            this.state = state;
        }

        @Override
        public void accept(List<String> rows) {
            calls++;
            if (rows.contains("bad")) {
                BatchUpdateException batch = new BatchUpdateException("Batch entry 1 was aborted", new int[0]);
                batch.setNextException(new SQLException(
                        "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n  Where: …", state));
                throw new IllegalStateException("unable to execute statement", batch);
            }
            written.addAll(rows);
        }
    }

    @Test
    void aBatchPostgresAcceptsIsWrittenOnce() {
        Store store = new Store("22021");
        assertEquals(Map.of(), RowWrites.write(List.of("a", "b", "c"), store));
        assertEquals(List.of("a", "b", "c"), store.written);
        assertEquals(1, store.calls);
    }

    @Test
    void aRowRefusedForItsDataIsSetApartAndTheOthersAreWritten() {
        Store store = new Store("22021");
        Map<Integer, String> refused = RowWrites.write(List.of("a", "b", "bad", "c"), store);
        assertEquals(List.of(2), List.copyOf(refused.keySet()));
        assertTrue(
                refused.get(2).startsWith("refused by the document store (SQLState 22021): ERROR: invalid byte"),
                refused.get(2));
        assertEquals(List.of("a", "b", "c"), store.written);
        assertEquals(Map.of(0, refused.get(2)), RowWrites.write(List.of("bad"), new Store("22021")));
    }

    @Test
    void anOutageIsThrownForTheLoopToRetryTheWholeBatch() {
        Store down = new Store("08006"); // connection failure
        RuntimeException e = assertThrows(RuntimeException.class, () -> RowWrites.write(List.of("a", "bad"), down));
        assertSame(BatchUpdateException.class, e.getCause().getClass());
        assertEquals(List.of(), down.written);
        assertEquals(1, down.calls);
    }

    @Test
    void nothingToWriteWritesNothing() {
        Store store = new Store("22021");
        assertEquals(Map.of(), RowWrites.write(List.of(), store));
        assertEquals(0, store.calls);
    }
}
