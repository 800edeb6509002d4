package dev.agentmemory.ingest;

import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.tenant.ApiKeys;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import java.util.regex.Pattern;

/** Creates tenants and their API keys; the key is returned once and only its hash is kept. Thread-safe. */
public final class TenantAdminService {

    /** The same rule as {@code tenant_id} in the ingest event schema: it names the tenant's index. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");

    public record CreatedTenant(String tenantId, String apiKey) {}

    private final TenantDirectory directory;

    public TenantAdminService(TenantDirectory directory) {
        this.directory = directory;
    }

    public CreatedTenant create(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw ProblemException.badRequest(
                    "tenant_id must be 1-48 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
        String key = ApiKeys.generate();
        if (!directory.create(tenantId, ApiKeys.hash(key))) {
            throw new ProblemException(
                    409, "tenant-exists", "Tenant exists", "tenant '" + tenantId + "' already exists");
        }
        return new CreatedTenant(tenantId, key);
    }
}
