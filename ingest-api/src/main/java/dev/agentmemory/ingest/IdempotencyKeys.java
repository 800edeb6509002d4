package dev.agentmemory.ingest;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Idempotency keys of ingest requests, per tenant. Jdbi makes it thread-safe. */
public interface IdempotencyKeys {

    /**
     * A remembered key: the memory it created, when that memory was accepted, and whether it is
     * already in Kafka.
     */
    record Claim(String memoryId, Instant acceptedAt, boolean published, String requestHash) {}

    /** Claims the key for a new memory; false when the key is already taken. */
    @SqlUpdate("""
            insert into idempotency_keys (tenant_id, idempotency_key, memory_id, accepted_at, request_hash)
            values (:tenantId, :key, cast(:memoryId as uuid), :acceptedAt, :requestHash)
            on conflict (tenant_id, idempotency_key) do nothing
            """)
    boolean claim(
            @Bind("tenantId") String tenantId,
            @Bind("key") String key,
            @Bind("memoryId") String memoryId,
            @Bind("acceptedAt") Instant acceptedAt,
            @Bind("requestHash") String requestHash);

    @RegisterConstructorMapper(Claim.class)
    @SqlQuery("""
            select memory_id::text as memory_id, accepted_at, published, request_hash from idempotency_keys
            where tenant_id = :tenantId and idempotency_key = :key
            """)
    Optional<Claim> find(@Bind("tenantId") String tenantId, @Bind("key") String key);

    /**
     * Takes over an unpublished key whose last attempt was claimed more than {@code seconds} ago:
     * that attempt has answered (its outcome unknown: Kafka may have written the record) or its
     * process died. Empty when the key is published or an attempt is still within its budget.
     */
    @RegisterConstructorMapper(Claim.class)
    @SqlQuery("""
            update idempotency_keys set claimed_at = now()
            where tenant_id = :tenantId and idempotency_key = :key and not published
              and claimed_at < now() - make_interval(secs => :seconds)
            returning memory_id::text as memory_id, accepted_at, published, request_hash
            """)
    Optional<Claim> takeOver(
            @Bind("tenantId") String tenantId, @Bind("key") String key, @Bind("seconds") double seconds);

    /** Forgets a fresh claim whose memory was never sent (refused before publishing). */
    @SqlUpdate("""
            delete from idempotency_keys
            where tenant_id = :tenantId and idempotency_key = :key and memory_id = cast(:memoryId as uuid)
              and not published
            """)
    void forget(@Bind("tenantId") String tenantId, @Bind("key") String key, @Bind("memoryId") String memoryId);

    /**
     * Lets the next request take over a taken-over claim at once: this attempt sent nothing, but an
     * earlier one may have, so the key and its memory stay.
     */
    @SqlUpdate("""
            update idempotency_keys set claimed_at = '-infinity'
            where tenant_id = :tenantId and idempotency_key = :key and not published
            """)
    void reopen(@Bind("tenantId") String tenantId, @Bind("key") String key);

    @SqlUpdate("update idempotency_keys set published = true where tenant_id = :tenantId and idempotency_key = :key")
    void markPublished(@Bind("tenantId") String tenantId, @Bind("key") String key);

    @SqlUpdate("delete from idempotency_keys where created_at < now() - make_interval(hours => :hours)")
    int expire(@Bind("hours") int hours);
}
