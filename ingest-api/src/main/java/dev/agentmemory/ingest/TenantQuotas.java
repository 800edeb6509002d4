package dev.agentmemory.ingest;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The per-tenant memory quota, kept in the {@code tenants} row: one atomic conditional update per
 * request reserves room, so concurrent requests can never overshoot. Counts memories accepted
 * through the API. Jdbi makes it thread-safe.
 */
public interface TenantQuotas {

    /** A tenant's own limit (null: the configured default) and the memories accepted so far. */
    record Usage(String tenantId, Long maxMemories, long acceptedMemories) {}

    /** Reserves {@code count} memories; false when that would pass the tenant's limit. */
    @SqlUpdate("""
            update tenants set accepted_memories = accepted_memories + :count
            where tenant_id = :tenantId
              and accepted_memories + :count <= coalesce(max_memories, :defaultLimit)
            """)
    boolean reserve(
            @Bind("tenantId") String tenantId, @Bind("count") int count, @Bind("defaultLimit") long defaultLimit);

    /** Gives back a reservation whose memories were not published. */
    @SqlUpdate("""
            update tenants set accepted_memories = greatest(0, accepted_memories - :count)
            where tenant_id = :tenantId
            """)
    void release(@Bind("tenantId") String tenantId, @Bind("count") int count);

    /** Sets the tenant's own limit (null: back to the default); empty when there is no such tenant. */
    @RegisterConstructorMapper(Usage.class)
    @SqlQuery("""
            update tenants set max_memories = :limit where tenant_id = :tenantId
            returning tenant_id, max_memories, accepted_memories
            """)
    Optional<Usage> setLimit(@Bind("tenantId") String tenantId, @Bind("limit") Long limit);
}
