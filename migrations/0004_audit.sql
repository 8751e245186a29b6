-- The audit log (DESIGN.md principle 3): every read, write, consent change, dispute step, key change and
-- purge is one event; each event carries the SHA-256 of the one before (src/audit/audit.hash.ts defines
-- the canonical form), so an edit, a deletion or a reordering shows when the chain is verified.
--
-- Citus: the log is ONE chain with one order, so neither table is distributed nor a reference table; both
-- stay plain tables on the coordinator. "Who looked at my file" is one range scan of the consumer index.

-- The chain head: the seq and hash of the last event. Appenders lock this one row (select ... for update),
-- which serialises appends across connections and processes so that the chain never forks, and numbers
-- events without gaps (a sequence would leave a gap for every rolled-back transaction). It is also an
-- anchor: deleting or rewriting the last events leaves the head pointing at what is gone.
create table audit_head (
  id   smallint primary key default 1 check (id = 1),
  seq  bigint not null check (seq >= 0),
  hash text not null check (hash ~ '^[0-9a-f]{64}$')
);
insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

create table audit_events (
  seq          bigint primary key check (seq > 0),
  occurred_at  timestamptz not null,
  actor_kind   text not null check (actor_kind in ('operator', 'member', 'consumer', 'system')),
  actor_id     text not null,
  action       text not null check (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  -- The subject: the consumer whose file the event is about, if any.
  consumer_key uuid,
  target       text,
  purpose      text,
  outcome      text not null check (outcome in ('allowed', 'refused', 'done')),
  -- The true reason of a refusal. The refused caller is told only "not found or not allowed" (principle 2).
  reason       text,
  -- Tokens, keys, ids and counts only: never a clear national ID, name or other PII (principle 4).
  details      jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
  prev_hash    text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash         text not null check (hash ~ '^[0-9a-f]{64}$')
);
create index audit_events_consumer on audit_events (consumer_key, seq desc) where consumer_key is not null;

-- Append-only by construction: UPDATE, DELETE and TRUNCATE of events are refused, and the head only moves
-- forward. A database owner can still disable these triggers; that is what verification is for.
create function audit_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name;
end
$$;

create function audit_head_forward() returns trigger language plpgsql as $$
begin
  if new.id <> old.id or new.seq <= old.seq then
    raise exception 'the audit chain head only moves forward (seq % to %)', old.seq, new.seq;
  end if;
  return new;
end
$$;

create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function audit_refuse_change();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function audit_refuse_change();
create trigger audit_head_no_delete before delete on audit_head
  for each row execute function audit_refuse_change();
create trigger audit_head_no_truncate before truncate on audit_head
  for each statement execute function audit_refuse_change();
create trigger audit_head_forward before update on audit_head
  for each row execute function audit_head_forward();
