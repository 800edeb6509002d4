-- Per-tenant quota: memories accepted so far, against the tenant's own limit or the configured default.
alter table tenants
    add column max_memories      bigint,
    add column accepted_memories bigint not null default 0;

-- Idempotency-Key of ingest requests: a retried request gets the memory it already created.
create table idempotency_keys (
    tenant_id       text        not null,
    idempotency_key text        not null,
    memory_id       uuid        not null,
    -- false while the first request is still publishing: a concurrent retry is told to wait
    published       boolean     not null default false,
    created_at      timestamptz not null default now(),
    primary key (tenant_id, idempotency_key)
);

create index idempotency_keys_by_age on idempotency_keys (created_at);
