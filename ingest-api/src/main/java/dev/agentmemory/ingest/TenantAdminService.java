package dev.agentmemory.ingest;

import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.search.TenantIndices;
import dev.agentmemory.runtime.tenant.ApiKeys;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Creates tenants: first the tenant's search index (so it is ready before the tenant can query),
 * then the tenant row with the hash of a new API key; the key is returned once. Thread-safe.
 */
public final class TenantAdminService {

    /** The same rule as {@code tenant_id} in the ingest event schema: it names the tenant's index. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");

    public record CreatedTenant(String tenantId, String apiKey) {}

    private final TenantDirectory directory;
    private final TenantQuotas quotas;
    private final TenantIndices indices;

    public TenantAdminService(TenantDirectory directory, TenantQuotas quotas, TenantIndices indices) {
        this.directory = directory;
        this.quotas = quotas;
        this.indices = indices;
    }

    /** Creates the tenant; {@code maxMemories} null means the configured default quota. */
    public CreatedTenant create(String tenantId, Long maxMemories) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw ProblemException.badRequest(
                    "tenant_id must be 1-48 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
        try {
            indices.ensure(tenantId);
        } catch (IOException e) {
            throw ProblemException.unavailable(
                    "the search index cannot be prepared: " + e.getMessage(), Duration.ofSeconds(5));
        }
        String key = ApiKeys.generate();
        if (!directory.create(tenantId, ApiKeys.hash(key))) {
            throw new ProblemException(
                    409, "tenant-exists", "Tenant exists", "tenant '" + tenantId + "' already exists");
        }
        if (maxMemories != null) {
            quotas.setLimit(tenantId, maxMemories);
        }
        return new CreatedTenant(tenantId, key);
    }
}
