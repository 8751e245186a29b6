-- Institutions that furnish and use data. Small reference tables: under Citus they are copied to every
-- node (create_reference_table), so every distributed table may hold a foreign key to them.
create table members (
  member_id   text primary key check (member_id ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name        text not null,
  kind        text not null check (kind in ('bank', 'fintech_lender', 'payment_platform', 'utility', 'telco', 'collector', 'bureau', 'regulator')),
  roles       text[] not null check (roles <@ array['furnisher', 'user', 'supervisor', 'operator']::text[] and cardinality(roles) > 0),
  status      text not null default 'active' check (status in ('active', 'suspended')),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

-- Metro 2 Base Segment field 5 (Identification Number) and the header's program identifiers name the
-- furnisher in a file; each one belongs to exactly one member.
create table member_metro2_ids (
  identification_number text primary key,
  member_id             text not null references members (member_id)
);
create index member_metro2_ids_member on member_metro2_ids (member_id);

-- API keys of members (issue: members and credentials). The key is shown once; only a SHA-256 of its
-- secret part is stored: the secret is 32 random bytes, so a slow hash would add nothing but latency.
create table api_keys (
  key_id      text primary key,
  member_id   text not null references members (member_id),
  secret_hash bytea not null,
  label       text,
  created_at  timestamptz not null default now(),
  revoked_at  timestamptz
);
create index api_keys_member on api_keys (member_id);
