package dev.agentmemory.indexer;

import dev.agentmemory.runtime.store.DocumentStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One poll's rows written to PostgreSQL in one batch, with the records that can never be stored set
 * apart. A batch PostgreSQL refuses for its data (SQLState class 22, a data exception such as an
 * invalid byte sequence; class 54, a program limit) would fail every retry and stall its partition
 * for every tenant behind it: the rows are then written one by one, and those refused are returned
 * for the dead-letter topic. Any other failure (the database down, a lost connection) is thrown, and
 * the consumer loop retries the whole batch.
 */
final class RowWrites {

    private RowWrites() {}

    /**
     * Writes them, then takes those refused out of {@code rows} and, at the same positions, out of
     * {@code sources} (the records they were read from), handing each such record and PostgreSQL's
     * reason to {@code refused}.
     */
    static <T, S> void write(List<T> rows, List<S> sources, Consumer<List<T>> write, BiConsumer<S, String> refused) {
        Map<Integer, String> reasons = write(rows, write);
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (reasons.containsKey(i)) {
                rows.remove(i);
                refused.accept(sources.remove(i), reasons.get(i));
            }
        }
    }

    /**
     * @param write writes rows in one transaction
     * @return the positions in {@code rows} of those refused for their data, with PostgreSQL's reason;
     *     empty when the batch was written whole
     */
    static <T> Map<Integer, String> write(List<T> rows, Consumer<List<T>> write) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        try {
            write.accept(rows);
            return Map.of();
        } catch (RuntimeException e) {
            String reason = DocumentStore.refusedData(e);
            if (reason == null) {
                throw e;
            }
            if (rows.size() == 1) {
                return Map.of(0, reason);
            }
        }
        Map<Integer, String> refused = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            try {
                write.accept(List.of(rows.get(i)));
            } catch (RuntimeException e) {
                String reason = DocumentStore.refusedData(e);
                if (reason == null) {
                    throw e;
                }
                refused.put(i, reason);
            }
        }
        return refused;
    }
}
