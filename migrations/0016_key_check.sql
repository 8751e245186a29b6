-- What proves that the process holds the keys this database was written with, without holding the keys: an HMAC
-- of a fixed text under the national-ID token key, and a fixed text sealed under the master key. A process with
-- another token key would make every consumer anew (their tokens would not match); one with another master key
-- could open no consumer's data key. One row; a reference table under Citus.
create table key_check (
  id           smallint primary key check (id = 1),
  token_check  bytea not null,
  master_check bytea not null,
  created_at   timestamptz not null default now()
);
