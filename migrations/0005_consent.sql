-- Consent artefacts, their history, and the bureau's runtime settings (DESIGN.md principle 2 and 6).
--
-- Citus: consents and consent_events are keyed by consumer_key first and co-located with the consumer's other
-- data. A member's list and a look-up by id alone go through their own lookup tables (member_consents,
-- consent_ids), so neither asks every shard. bureau_settings is a small reference table.

-- Settings the operator changes at run time; key 'jurisdiction' holds the current profile code (a JSON
-- string), overriding the configured default (OPENBUREAU_JURISDICTION).
create table bureau_settings (
  key        text primary key,
  value      jsonb not null,
  updated_at timestamptz not null default now()
);

create table consents (
  consumer_key uuid not null references consumers (consumer_key),
  consent_id   uuid not null,
  member_id    text not null references members (member_id),
  purpose      text not null check (purpose in ('credit_application', 'account_review', 'collection', 'tenancy',
                                                'employment', 'insurance')),
  categories   text[] not null check (cardinality(categories) > 0 and categories <@ array['identity', 'accounts',
                 'payment_history', 'public_records', 'inquiries', 'alternative_payments']::text[]),
  valid_from   timestamptz not null,
  valid_to     timestamptz not null,
  -- null: any number of uses within the validity.
  max_uses     integer check (max_uses > 0),
  uses         integer not null default 0 check (uses >= 0 and (max_uses is null or uses <= max_uses)),
  mode         text not null check (mode in ('view_once', 'store')),
  store_days   integer check (store_days > 0),
  status       text not null check (status in ('pending', 'active', 'paused', 'revoked', 'rejected', 'expired')),
  supersedes   uuid,
  created_at   timestamptz not null,
  updated_at   timestamptz not null,
  -- When the consumer approved or rejected; a member sees the consent only from then on.
  decided_at   timestamptz,
  -- The bureau's compact JWS over the artefact as last approved or resumed.
  jws          text,
  primary key (consumer_key, consent_id),
  check (valid_to > valid_from),
  check ((mode = 'view_once' and max_uses = 1 and store_days is null) or (mode = 'store' and store_days is not null))
);
-- The read path of a report: the consumer's active consents of one member for one purpose.
create index consents_live on consents (consumer_key, member_id, purpose) where status = 'active';

-- Every change of a consent ("every change recorded"): request, decisions, pauses, revocations, uses, expiry.
-- seq numbers the changes of one consent; every writer holds the consent's row lock while it appends.
create table consent_events (
  consumer_key uuid not null,
  consent_id   uuid not null,
  seq          integer not null check (seq > 0),
  at           timestamptz not null,
  actor_kind   text not null check (actor_kind in ('operator', 'member', 'consumer', 'system')),
  actor_id     text not null,
  action       text not null check (action in ('request', 'approve', 'reject', 'pause', 'resume', 'revoke',
                                               'supersede', 'use', 'expire')),
  from_status  text,
  to_status    text not null,
  primary key (consumer_key, consent_id, seq),
  foreign key (consumer_key, consent_id) references consents (consumer_key, consent_id)
);

-- Lookup: the consents granted to a member, written when the consumer decides (so it never lists a pending
-- request, which must stay indistinguishable from a request for nobody).
create table member_consents (
  member_id    text not null references members (member_id),
  consent_id   uuid not null,
  consumer_key uuid not null,
  created_at   timestamptz not null,
  primary key (member_id, consent_id)
);
create index member_consents_recent on member_consents (member_id, created_at desc, consent_id);

-- Lookup: which consumer an id alone belongs to (the approve/revoke routes carry only the id).
create table consent_ids (
  consent_id   uuid primary key,
  consumer_key uuid not null
);
