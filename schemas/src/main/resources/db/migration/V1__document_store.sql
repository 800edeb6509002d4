-- The document store: the source of truth for every memory and its embedding.
-- OpenSearch indices can be rebuilt from this table.

create table tenants (
    tenant_id    text        primary key,
    -- SHA-256 of the API key; the key itself is shown once, at creation, and never stored.
    api_key_hash bytea       not null unique,
    created_at   timestamptz not null default now()
);

create table memories (
    tenant_id       text        not null,
    memory_id       uuid        not null,
    user_id         text        not null,
    type            text        not null,
    content         text        not null,
    fact_key        text,
    metadata        jsonb       not null default '{}'::jsonb,
    occurred_at     timestamptz,
    -- accepted by the ingest API (or the producer's record timestamp)
    created_at      timestamptz not null,
    embedding       real[]      not null,
    embedding_model text        not null,
    indexed_at      timestamptz not null default now(),
    -- ids are unique within a tenant; a tenant can never overwrite another's memory
    primary key (tenant_id, memory_id)
);

create index memories_by_user on memories (tenant_id, user_id, created_at desc);
