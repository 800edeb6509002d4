package dev.agentmemory.ingest;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Idempotency keys of ingest requests, per tenant. Jdbi makes it thread-safe. */
public interface IdempotencyKeys {

    /** A remembered key: the memory it created and whether that memory is already in Kafka. */
    record Claim(String memoryId, boolean published) {}

    /** Claims the key for a new memory; false when the key is already taken. */
    @SqlUpdate("""
            insert into idempotency_keys (tenant_id, idempotency_key, memory_id)
            values (:tenantId, :key, cast(:memoryId as uuid))
            on conflict (tenant_id, idempotency_key) do nothing
            """)
    boolean claim(@Bind("tenantId") String tenantId, @Bind("key") String key, @Bind("memoryId") String memoryId);

    @RegisterConstructorMapper(Claim.class)
    @SqlQuery("""
            select memory_id::text as memory_id, published from idempotency_keys
            where tenant_id = :tenantId and idempotency_key = :key
            """)
    Optional<Claim> find(@Bind("tenantId") String tenantId, @Bind("key") String key);

    @SqlUpdate("update idempotency_keys set published = true where tenant_id = :tenantId and idempotency_key = :key")
    void markPublished(@Bind("tenantId") String tenantId, @Bind("key") String key);

    /** Frees a key whose memory could not be published, so a retry can try again. */
    @SqlUpdate("delete from idempotency_keys where tenant_id = :tenantId and idempotency_key = :key")
    void forget(@Bind("tenantId") String tenantId, @Bind("key") String key);

    @SqlUpdate("delete from idempotency_keys where created_at < now() - make_interval(hours => :hours)")
    int expire(@Bind("hours") int hours);
}
