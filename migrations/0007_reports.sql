-- Lender reports and the consumer's minimal rights: inquiries, fraud alerts, security freezes.
--
-- Citus: inquiries, fraud_alerts and security_freezes are keyed by consumer_key first and co-located with the
-- consumer's other data, so a report reads and writes one shard. A member's own inquiries are listed from
-- member_inquiries, a lookup keyed by member_id that carries what the list shows, so it never asks every shard.

-- One row per report released to a member (DESIGN.md glossary "inquiry"). `hard` comes from the jurisdiction
-- profile's purpose rule: hard inquiries are shown to other lenders, soft ones to the consumer only.
create table inquiries (
  consumer_key uuid not null references consumers (consumer_key),
  inquiry_id   uuid not null,
  member_id    text not null references members (member_id),
  purpose      text not null check (purpose in ('credit_application', 'account_review', 'collection', 'tenancy',
                                                'employment', 'insurance', 'self_access')),
  hard         boolean not null,
  -- The provision the read rested on, as authorise() stated it (with the consent id when one was used).
  legal_ground text not null,
  consent_id   uuid,
  at           timestamptz not null,
  primary key (consumer_key, inquiry_id)
);
-- The report's read of earlier inquiries and the consumer's list, newest first.
create index inquiries_recent on inquiries (consumer_key, at desc);

create table member_inquiries (
  member_id    text not null references members (member_id),
  inquiry_id   uuid not null,
  consumer_key uuid not null,
  purpose      text not null,
  hard         boolean not null,
  legal_ground text not null,
  consent_id   uuid,
  at           timestamptz not null,
  primary key (member_id, inquiry_id)
);
create index member_inquiries_recent on member_inquiries (member_id, at desc, inquiry_id);

-- Fraud alerts placed by the consumer (FCRA §605A): an initial alert lasts one year (§605A(a)(1)(A), as
-- amended in 2018), an extended alert seven years (§605A(b)(1)(A)). A user must verify the applicant's identity
-- before extending credit while one is in force (§605A(h)). Removal keeps the row, stamped.
create table fraud_alerts (
  consumer_key uuid not null references consumers (consumer_key),
  alert_id     uuid not null,
  kind         text not null check (kind in ('initial', 'extended')),
  placed_at    timestamptz not null,
  expires_at   timestamptz not null,
  removed_at   timestamptz,
  primary key (consumer_key, alert_id),
  check (expires_at > placed_at)
);

-- Security freezes (FCRA §605A(i)): while one is in force, no report is released for new credit. One row per
-- freeze; lifting stamps it. At most one in force per consumer (the unique key holds consumer_key, so Citus
-- can enforce it).
create table security_freezes (
  consumer_key uuid not null references consumers (consumer_key),
  freeze_id    uuid not null,
  placed_at    timestamptz not null,
  lifted_at    timestamptz,
  primary key (consumer_key, freeze_id),
  check (lifted_at is null or lifted_at >= placed_at)
);
create unique index security_freezes_in_force on security_freezes (consumer_key) where lifted_at is null;
