-- What the request that claimed a key asked for (SHA-256 of the memory as submitted, hex): a retry
-- must send the same, and a key reused for another memory is refused (422) instead of answered
-- with the first memory. Null for keys claimed before this column existed.
alter table idempotency_keys add column request_hash text;
