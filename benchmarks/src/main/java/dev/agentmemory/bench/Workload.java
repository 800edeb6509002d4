package dev.agentmemory.bench;

/**
 * What memory number {@code k} of a run is: its tenant, user, text and type. Consecutive memories
 * go to consecutive tenants ({@code unit} at a time, so an ingest batch holds one tenant's memories)
 * and, within a tenant, to its users in turn. Texts come from {@link Sentences}, unique per run.
 */
final class Workload {

    /** One memory to ingest. */
    record Item(int k, int tenant, String userId, String content, String type) {}

    private final int tenants;
    private final int users;
    private final int unit;
    private final Sentences sentences;

    Workload(int tenants, int users, int unit, Sentences sentences) {
        this.tenants = tenants;
        this.users = users;
        this.unit = unit;
        this.sentences = sentences;
    }

    Item item(int k) {
        int block = k / unit;
        int tenant = block % tenants;
        int user = (block / tenants * unit + k % unit) % users;
        return new Item(k, tenant, "user-" + user, sentences.text(k), sentences.type(k));
    }
}
