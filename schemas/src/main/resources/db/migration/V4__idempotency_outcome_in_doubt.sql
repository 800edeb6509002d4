-- An ingest whose Kafka acknowledgement did not come in time may still have been written: its key is
-- kept, unpublished, and a retry after claimed_at + the request budget publishes the same memory
-- again (same memory_id, same accepted_at), which every stage downstream stores once.
alter table idempotency_keys
    add column accepted_at timestamptz,
    add column claimed_at  timestamptz not null default now();
