package dev.agentmemory.ingest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.search.IndexRebuild;
import dev.agentmemory.runtime.tenant.TenantIds;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs index rebuilds ({@link IndexRebuild}) in the background, one at a time and one tenant after
 * another, and keeps each rebuild's progress for {@code GET /api/admin/index/rebuild/{id}}. The
 * progress lives in this process: a restart forgets it (and leaves an interrupted tenant
 * write-blocked until it is rebuilt again, its writes waiting in Kafka). Thread-safe.
 */
public final class IndexRebuildService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexRebuildService.class);

    /** One tenant's part of a rebuild. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TenantStatus(
            String tenantId,
            String state,
            String fromIndex,
            String toIndex,
            Long documents,
            Double seconds,
            String error) {

        static TenantStatus pending(String tenantId) {
            return new TenantStatus(tenantId, "pending", null, null, null, null, null);
        }
    }

    /** A rebuild as the API shows it: {@code running} until every tenant is {@code done} or {@code failed}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Status(
            String rebuildId,
            String state,
            boolean optimize,
            Instant startedAt,
            Instant finishedAt,
            List<TenantStatus> tenants) {}

    private final IndexRebuild rebuild;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "index-rebuild"));
    private final Map<String, Status> rebuilds = new ConcurrentHashMap<>();
    private volatile String running;

    public IndexRebuildService(IndexRebuild rebuild, Clock clock) {
        this.rebuild = rebuild;
        this.clock = clock;
    }

    /**
     * Starts rebuilding {@code tenant} ("all": every tenant with an index); 404 for a tenant without
     * an index, 409 while another rebuild runs.
     */
    public synchronized Status start(String tenant, boolean optimize) {
        if (running != null && rebuilds.get(running).finishedAt() == null) {
            throw new ProblemException(
                    409, "rebuild-running", "A rebuild is running", "rebuild " + running + " has not finished");
        }
        if (!tenant.equals("all") && !TenantIds.valid(tenant)) {
            throw ProblemException.badRequest("tenant must be a tenant id or \"all\"");
        }
        List<String> tenants;
        try {
            tenants = tenant.equals("all") ? rebuild.tenants() : List.of(tenant);
            if (!tenant.equals("all") && rebuild.currentIndex(tenant) == null) {
                throw new ProblemException(404, "not-found", "Not found", "tenant '" + tenant + "' has no index");
            }
        } catch (IOException e) {
            throw ProblemException.unavailable(
                    "the search index is unreachable: " + e.getMessage(), Duration.ofSeconds(5));
        }
        String id = UUID.randomUUID().toString();
        Status status = new Status(
                id,
                "running",
                optimize,
                clock.instant(),
                null,
                tenants.stream().map(TenantStatus::pending).toList());
        rebuilds.put(id, status);
        running = id;
        worker.submit(() -> run(id, optimize));
        return status;
    }

    /** The rebuild's progress; 404 when this process did not start it. */
    public Status status(String id) {
        Status status = rebuilds.get(id);
        if (status == null) {
            throw new ProblemException(404, "not-found", "Not found", "no rebuild " + id + " in this ingest-api");
        }
        return status;
    }

    private void run(String id, boolean optimize) {
        List<TenantStatus> tenants = new ArrayList<>(rebuilds.get(id).tenants());
        boolean failed = false;
        for (int i = 0; i < tenants.size(); i++) {
            String tenantId = tenants.get(i).tenantId();
            tenants.set(i, new TenantStatus(tenantId, "running", null, null, null, null, null));
            publish(id, tenants, null);
            TenantStatus outcome;
            try {
                IndexRebuild.Result r = rebuild.rebuild(tenantId, optimize);
                outcome = new TenantStatus(tenantId, "done", r.from(), r.to(), r.documents(), r.seconds(), null);
                LOG.info(
                        "rebuilt the index of tenant {}: {} -> {}, {} documents in {} s",
                        tenantId,
                        r.from(),
                        r.to(),
                        r.documents(),
                        String.format("%.1f", r.seconds()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = new TenantStatus(
                        tenantId, "failed", null, null, null, null, "interrupted: ingest-api stopping");
            } catch (IOException | RuntimeException e) {
                LOG.warn("rebuilding the index of tenant {} failed; it is as before", tenantId, e);
                outcome = new TenantStatus(tenantId, "failed", null, null, null, null, e.getMessage());
            }
            failed |= outcome.state().equals("failed");
            tenants.set(i, outcome);
            publish(id, tenants, null);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        publish(id, tenants, failed ? "failed" : "done");
    }

    private void publish(String id, List<TenantStatus> tenants, String finalState) {
        Status was = rebuilds.get(id);
        rebuilds.put(
                id,
                new Status(
                        id,
                        finalState == null ? "running" : finalState,
                        was.optimize(),
                        was.startedAt(),
                        finalState == null ? null : clock.instant(),
                        List.copyOf(tenants)));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
