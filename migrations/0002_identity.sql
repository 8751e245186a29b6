-- Consumers and their identifiers (DESIGN.md principle 4). Every table is keyed by consumer_key first and
-- co-located on it, except the two lookup tables, which are keyed by what is looked up so that a match
-- never asks every shard.
create table consumers (
  consumer_key uuid primary key,
  created_at   timestamptz not null default now()
);

-- The consumer's data key, wrapped (AES-256-GCM) by the master key from config. Deleting this row
-- crypto-shreds the consumer: their PII and its keyed hashes can no longer be read or linked.
create table consumer_keys (
  consumer_key uuid primary key,
  wrapped_key  bytea not null,
  created_at   timestamptz not null default now()
);

-- Name, birth date, address and phone, each value encrypted under the consumer's data key. value_hash is
-- an HMAC under that same key, so the same value furnished again is recognised without decrypting.
create table consumer_pii (
  consumer_key uuid not null,
  kind         text not null check (kind in ('name', 'birth_date', 'address', 'phone')),
  value_hash   bytea not null,
  ciphertext   bytea not null,
  source       text,
  first_seen   date not null,
  last_seen    date not null,
  primary key (consumer_key, kind, value_hash)
);

-- Lookup: keyed national-ID token (HMAC-SHA-256 under a key that is not in the database) -> consumer.
create table id_tokens (
  id_token     bytea primary key,
  id_type      text not null,
  consumer_key uuid not null,
  created_at   timestamptz not null default now()
);
-- By consumer: the matcher asks which ID types a candidate already has (one national ID of a type per person,
-- so a second one means another person), and crypto-shredding deletes the consumer's tokens. Neither is the
-- per-record hot path; under Citus both fan out to every shard.
create index id_tokens_consumer on id_tokens (consumer_key);

-- Lookup: keyed hash of (surname, first name, birth date, postcode) -> consumer, for records without a
-- national ID. Several consumers may share one key; the matcher then refuses to guess.
create table match_keys (
  match_key    bytea not null,
  consumer_key uuid not null,
  primary key (match_key, consumer_key)
);
-- By consumer: crypto-shredding deletes the consumer's match keys (they are derived from the shredded PII).
create index match_keys_consumer on match_keys (consumer_key);
