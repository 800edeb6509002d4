package dev.agentmemory.runtime.tenant;

import java.util.regex.Pattern;

/**
 * What a tenant id may be: the ingest event schema's rule (1-48 characters of a-z, 0-9, '-' and
 * '_', starting with a letter or digit), since it names the tenant's index and alias. Stateless.
 */
public final class TenantIds {

    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");
    /**
     * Ids a new tenant may not take: one ending like an index name ({@code acme-v1}, {@code
     * acme-v1-r1795554154721}) would need the alias name of another tenant's index ({@code
     * memory-acme-v1}), and {@code all} names every tenant in an index rebuild.
     */
    private static final Pattern RESERVED = Pattern.compile("all|.*-v[0-9]+(-r[0-9]+)?");

    private TenantIds() {}

    public static boolean valid(String tenantId) {
        return tenantId != null && TENANT_ID.matcher(tenantId).matches();
    }

    /** Whether a new tenant may be created with this id. */
    public static boolean available(String tenantId) {
        return valid(tenantId) && !RESERVED.matcher(tenantId).matches();
    }
}
