package dev.agentmemory.indexer;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            String reason = refusedData(e);
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
                String reason = refusedData(e);
                if (reason == null) {
                    throw e;
                }
                refused.put(i, reason);
            }
        }
        return refused;
    }

    /** PostgreSQL's reason when it refused the rows for their data, else null. */
    static String refusedData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                // a batch's own exception says little; the statement's is next in the chain
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("54"))) {
                        String message = String.valueOf(s.getMessage());
                        int newline = message.indexOf('\n');
                        return "refused by the document store (SQLState " + state + "): "
                                + (newline < 0 ? message : message.substring(0, newline));
                    }
                }
            }
        }
        return null;
    }
}
