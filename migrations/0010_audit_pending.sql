-- Audit events of committed work that wait for their place in the chain. A report's writes commit with its
-- events in one transaction when this process knows the chain head; when it does not, or when the writes go
-- out beside the append in flight (src/audit/audit.batcher.ts), the writes commit with their events stored
-- here, and the append that chains them deletes them in its own transaction. So no inquiry, consent use or
-- score is ever committed without its events: a process that dies between the two leaves them here, and any
-- server chains them later (AuditService.chainPending).
--
-- Citus: a plain table on the coordinator, as the chain itself.
create table audit_pending (
  pending_id uuid primary key,
  -- The events as they passed the audit schema (src/audit/audit.model.ts), in order.
  events     jsonb not null check (jsonb_typeof(events) = 'array'),
  created_at timestamptz not null default now()
);
create index audit_pending_created on audit_pending (created_at);
