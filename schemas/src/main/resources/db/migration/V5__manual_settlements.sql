-- Memories an operator has settled a contradiction against (conflict_resolution: manual), written
-- before the superseded decision is published: the decision reaches memory_decisions only once the
-- indexer has applied it, and two settlements in that gap (keep A, then keep B) would otherwise both
-- be published and hide both memories. One row per memory that lost.
create table manual_settlements (
    tenant_id        text        not null,
    memory_id        text        not null,
    kept_memory_id   text        not null,
    contradiction_id text        not null,
    settled_at       timestamptz not null default now(),
    primary key (tenant_id, memory_id)
);
