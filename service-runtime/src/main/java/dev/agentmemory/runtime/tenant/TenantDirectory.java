package dev.agentmemory.runtime.tenant;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Tenants and the hashes of their API keys, in the document store. Jdbi makes it thread-safe. */
public interface TenantDirectory {

    /** Answers false when the tenant already exists. */
    @SqlUpdate("""
            insert into tenants (tenant_id, api_key_hash) values (:tenantId, :keyHash)
            on conflict (tenant_id) do nothing
            """)
    boolean create(@Bind("tenantId") String tenantId, @Bind("keyHash") byte[] keyHash);

    @SqlQuery("select tenant_id from tenants where api_key_hash = :keyHash")
    Optional<String> tenantForKey(@Bind("keyHash") byte[] keyHash);

    @SqlQuery("select exists (select 1 from tenants where tenant_id = :tenantId)")
    boolean exists(@Bind("tenantId") String tenantId);
}
