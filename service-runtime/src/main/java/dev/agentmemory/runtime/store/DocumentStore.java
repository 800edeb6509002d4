package dev.agentmemory.runtime.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.runtime.config.MemoryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The PostgreSQL document store: a pooled connection source, the schema migrated by Flyway from
 * {@code schemas/} at start (Flyway's lock makes concurrent starts safe), and a Jdbi handle for
 * DAOs. Thread-safe; close it on shutdown.
 */
public final class DocumentStore implements AutoCloseable {

    /** The longest a statement may wait for PostgreSQL's answer; well above any statement's own time. */
    static final int SOCKET_TIMEOUT_SECONDS = 60;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private DocumentStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
    }

    public static DocumentStore open(MemoryConfig.Postgres pg, String poolName, MeterRegistry registry) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(pg.jdbcUrl());
        hikari.setUsername(pg.user());
        hikari.setPassword(pg.password());
        hikari.setMaximumPoolSize(pg.poolSize() + pg.maxOverflow());
        hikari.setMinimumIdle(Math.min(2, pg.poolSize()));
        hikari.setIdleTimeout(Math.max(10_000, pg.idleTimeoutMs()));
        hikari.setConnectionTimeout(5_000);
        // a server that vanished without closing its connections (a lost host, a partition) must fail
        // a statement, not hold it for ever: the worker then backs off and retries, and its health
        // check is not fooled by a thread stuck in a read
        hikari.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        hikari.setMetricRegistry(registry);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new DocumentStore(dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * Whether a failure means the document store cannot be reached now (down, restarting, the pool
     * out of connections): a reason to answer 503 and be retried, not a fault of the request.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
        }
        // 08: connection exception; 57P: the server shutting down or starting up
        return withState(failure, "08", "57P") != null;
    }

    /**
     * PostgreSQL's reason when it refused the rows for their data (SQLState class 22, a data
     * exception such as an invalid byte sequence; class 54, a program limit), which no retry mends;
     * else null.
     */
    public static String refusedData(Throwable failure) {
        SQLException refused = withState(failure, "22", "54");
        if (refused == null) {
            return null;
        }
        String message = String.valueOf(refused.getMessage());
        int newline = message.indexOf('\n');
        return "refused by the document store (SQLState " + refused.getSQLState() + "): "
                + (newline < 0 ? message : message.substring(0, newline));
    }

    /** The first SQLException among the causes (and a batch's next exceptions) whose SQLState has one of the prefixes. */
    private static SQLException withState(Throwable failure, String... prefixes) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                // a batch's own exception says little; the statement's is next in the chain
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    for (String prefix : prefixes) {
                        if (state != null && state.startsWith(prefix)) {
                            return s;
                        }
                    }
                }
            }
        }
        return null;
    }
}
