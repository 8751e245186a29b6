-- The public half of every key that has signed a consent artefact, so that /.well-known/jwks.json still serves
-- it after the operator changes the signing key: an artefact stays verifiable offline for as long as it is
-- valid (RFC 7517 key sets may hold several keys; a verifier picks one by `kid`). A key is recorded in the
-- transaction of its first signature. Public keys only; a reference table under Citus.
create table signing_keys (
  kid           text primary key,
  jwk           jsonb not null,
  first_used_at timestamptz not null
);
