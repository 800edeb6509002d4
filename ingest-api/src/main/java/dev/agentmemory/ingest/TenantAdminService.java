package dev.agentmemory.ingest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.search.TenantIndices;
import dev.agentmemory.runtime.tenant.ApiKeys;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import dev.agentmemory.runtime.tenant.TenantIds;
import java.io.IOException;
import java.time.Duration;

/**
 * Creates tenants: first the tenant's search index (so it is ready before the tenant can query),
 * then the tenant row with the hash of a new API key; the key is returned once. Changes a tenant's
 * quota. Thread-safe.
 */
public final class TenantAdminService {

    public record CreatedTenant(String tenantId, String apiKey) {}

    /** A tenant's quota as it now stands: the limit in force and the memories accepted so far. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Quota(String tenantId, long maxMemories, boolean isDefault, long acceptedMemories) {}

    private final TenantDirectory directory;
    private final TenantQuotas quotas;
    private final TenantIndices indices;
    private final long defaultQuota;

    public TenantAdminService(
            TenantDirectory directory, TenantQuotas quotas, TenantIndices indices, long defaultQuota) {
        this.directory = directory;
        this.quotas = quotas;
        this.indices = indices;
        this.defaultQuota = defaultQuota;
    }

    /** Creates the tenant; {@code maxMemories} null means the configured default quota. */
    public CreatedTenant create(String tenantId, Long maxMemories) {
        if (!TenantIds.valid(tenantId)) {
            throw ProblemException.badRequest(
                    "tenant_id must be 1-48 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
        if (!TenantIds.available(tenantId)) {
            throw ProblemException.badRequest("tenant_id '" + tenantId + "' is reserved: 'all', or ending like an"
                    + " index name ('-v<n>', '-v<n>-r<n>'), which another tenant's index may already use");
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

    /**
     * Sets the tenant's quota ({@code maxMemories} null: back to {@code
     * tenant.max_memories_per_tenant}). A limit below what was accepted refuses new memories until
     * it is raised again; nothing stored is removed.
     */
    public Quota setQuota(String tenantId, Long maxMemories) {
        var usage = quotas.setLimit(tenantId, maxMemories)
                .orElseThrow(() -> new ProblemException(
                        404, "tenant-not-found", "Tenant not found", "there is no tenant '" + tenantId + "'"));
        boolean isDefault = usage.maxMemories() == null;
        return new Quota(tenantId, isDefault ? defaultQuota : usage.maxMemories(), isDefault, usage.acceptedMemories());
    }
}
