-- Consumer enrolment, accounts and sessions (issue: consumers enrol the way bureaus do it).
--
-- No national ID, login lookup key, right answer or password is stored in clear (DESIGN.md principle 4): national
-- IDs and logins become HMAC-SHA-256 under a key derived from the token key (not in the database), right answers a
-- MAC under the same key, passwords an scrypt hash.
--
-- Citus: consumer_accounts is keyed by consumer_key and co-located with the consumer's other data. The others are
-- lookups keyed by what is looked up, so no request asks every shard: attempt counters by the keyed hash of the
-- national ID, enrolments by their id, logins by the keyed hash of the login, sessions by the hash of the token.

-- Sliding-window limit of enrolment starts per national ID: the start times of the last 24 hours. One row per
-- national ID, locked while a start is counted, so that parallel starts cannot pass the limit together.
create table consumer_enrolment_attempts (
  attempt_key bytea primary key,
  started_at  timestamptz[] not null
);

-- One enrolment: usable once, until expires_at. consumer_key is null when the person named no one on file, or a
-- name or birth date that the file does not hold: such an enrolment is refused whatever the answers.
create table consumer_enrolments (
  enrolment_id uuid primary key,
  attempt_key  bytea not null,
  id_type      text not null,
  consumer_key uuid,
  answer_mac   bytea not null,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  finished_at  timestamptz,
  outcome      text check (outcome in ('enrolled', 'refused')),
  check ((finished_at is null) = (outcome is null))
);

create table consumer_accounts (
  consumer_key  uuid primary key references consumers (consumer_key),
  -- As the consumer chose it (normalised), shown back on /v1/me. A username or an e-mail address.
  login         text not null,
  -- PHC string: $scrypt$ln=15,r=8,p=1$<salt>$<hash>; the parameters travel with the hash.
  password_hash text not null check (password_hash like '$scrypt$%'),
  enrolled_at   timestamptz not null,
  -- Consecutive wrong passwords since the last success or lockout; locked_until ends a lockout.
  failed_logins integer not null default 0 check (failed_logins >= 0),
  locked_until  timestamptz
);

-- Lookup: keyed hash of the normalised login -> consumer. The primary key makes a login unique.
create table consumer_logins (
  login_hash   bytea primary key,
  consumer_key uuid not null
);
create index consumer_logins_consumer on consumer_logins (consumer_key);

-- Lookup: SHA-256 of the session token -> consumer. The token itself (32 random bytes) is only ever with the
-- consumer; a plain hash suffices for a secret of that entropy. A session ends at expires_at, or earlier when
-- unused for the idle time after last_used_at.
create table consumer_sessions (
  token_hash   bytea primary key,
  consumer_key uuid not null,
  created_at   timestamptz not null,
  last_used_at timestamptz not null,
  expires_at   timestamptz not null
);
-- By consumer: ending every session of a consumer (a new password, an erasure). Not a per-request path.
create index consumer_sessions_consumer on consumer_sessions (consumer_key);
