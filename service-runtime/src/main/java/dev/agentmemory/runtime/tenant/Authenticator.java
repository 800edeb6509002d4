package dev.agentmemory.runtime.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentmemory.runtime.http.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks {@code Authorization: Bearer <key>} before anything else happens: no key or an unknown key
 * is a 401, a tenant key used for another tenant's data a 403. Known keys are cached for a minute
 * so the hot path does not touch PostgreSQL. Thread-safe.
 */
public final class Authenticator {

    private final byte[] adminKeyHash;
    private final Function<byte[], Optional<String>> tenantForKeyHash;
    private final Cache<String, String> tenantByKeyHash = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    public Authenticator(String adminKey, Function<byte[], Optional<String>> tenantForKeyHash) {
        this.adminKeyHash = ApiKeys.hash(adminKey);
        this.tenantForKeyHash = tenantForKeyHash;
    }

    public static Authenticator backedBy(String adminKey, TenantDirectory directory) {
        return new Authenticator(adminKey, directory::tenantForKey);
    }

    public void requireAdmin(String authorization) {
        byte[] presented = ApiKeys.hash(bearer(authorization));
        if (!MessageDigest.isEqual(presented, adminKeyHash)) {
            throw ProblemException.unauthorized("this endpoint needs the admin key");
        }
    }

    /** The tenant the presented key belongs to (401 when there is none). */
    public String tenant(String authorization) {
        return tenantOf(bearer(authorization));
    }

    /**
     * Passes only when {@code owner}, the tenant of the presented key ({@link #tenant}, checked
     * before the body is read), is {@code tenantId}, the tenant the body names.
     */
    public static void requireOwner(String owner, String tenantId) {
        if (!owner.equals(tenantId)) {
            throw ProblemException.forbidden("this API key does not belong to tenant '" + tenantId + "'");
        }
    }

    private String tenantOf(String key) {
        byte[] hash = ApiKeys.hash(key);
        String cacheKey = HexFormat.of().formatHex(hash);
        String cached = tenantByKeyHash.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        String tenant =
                tenantForKeyHash.apply(hash).orElseThrow(() -> ProblemException.unauthorized("unknown API key"));
        tenantByKeyHash.put(cacheKey, tenant);
        return tenant;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ProblemException.unauthorized("send 'Authorization: Bearer <api key>'");
        }
        String key = authorization.substring(7).trim();
        if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 512) {
            throw ProblemException.unauthorized("malformed API key");
        }
        return key;
    }
}
