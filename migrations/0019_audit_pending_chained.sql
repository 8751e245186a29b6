-- The ids of the sets of pending audit events already chained (src/audit/audit.store.ts records them in the
-- transaction that chains them). A set's seal (0014) covers its id and events, not whether it was chained: a
-- sealed row copied out of audit_pending and put back after its append deleted it was chained a second time, as
-- genuine (found by probing). A set whose id is here is refused, not chained again (AuditService.chainPending).
-- Rows are never deleted: that would let the set be replayed again. Sets chained before this migration are not
-- listed.
--
-- Citus: a plain table on the coordinator, as audit_pending.
create table audit_pending_chained (
  pending_id uuid primary key,
  chained_at timestamptz not null default now()
);

create trigger audit_pending_chained_append_only before update or delete on audit_pending_chained
  for each row execute function audit_refuse_change();
create trigger audit_pending_chained_no_truncate before truncate on audit_pending_chained
  for each statement execute function audit_refuse_change();
