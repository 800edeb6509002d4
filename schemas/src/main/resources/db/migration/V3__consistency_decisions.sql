-- Decisions of the consistency stream (memory.consistency.v1), applied by the indexer: append-only,
-- one row per decision id, so a redelivered event changes nothing. Nothing is deleted from memories:
-- a memory's status is read from here (superseded by whom and since when, merged into which one).
-- No foreign key: a decision may arrive before the memory it names has been written.
create table memory_decisions (
    decision_id     text        primary key,
    tenant_id       text        not null,
    user_id         text        not null,
    memory_id       text        not null,
    kind            text        not null,
    other_memory_id text,
    valid_until     timestamptz,
    mention_count   integer,
    weight          double precision,
    evidence        jsonb       not null,
    decided_at      timestamptz not null,
    applied_at      timestamptz not null default now()
);

-- the history of one memory: decisions about it, and decisions naming it as the other side
create index memory_decisions_by_memory on memory_decisions (tenant_id, memory_id, decided_at);
create index memory_decisions_by_other on memory_decisions (tenant_id, other_memory_id, decided_at);
create index memory_decisions_contradictions on memory_decisions (tenant_id, decided_at) where kind = 'contradiction_detected';
