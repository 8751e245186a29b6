-- Scorecard governance (issue: scoring, "model governance"): versioned models with their model card, one
-- champion per segment in use, and every score the bureau produces with the version that made it.
--
-- Citus: models is a small reference table (create_reference_table), copied to every node, so that scores, a
-- distributed table keyed by consumer_key first and co-located with the consumer's other data, can hold a
-- foreign key to it and a report reads its champion on the consumer's own shard.

-- A model: the scorecard JSON with its card (src/scoring/scorecard.model.ts), and its measured performance
-- (training, out of time, stability). Versions read "<segment>-<observation date>-<n>", e.g. thick-2024-06-30-1.
-- A candidate becomes the champion by promotion, which retires the previous champion of its segment; a retired
-- model may be promoted again (a rollback).
create table models (
  model_id    uuid primary key,
  version     text not null unique check (version ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}-\d+$'),
  segment     text not null check (segment ~ '^[a-z][a-z0-9-]*$'),
  as_of       date not null,
  status      text not null check (status in ('candidate', 'champion', 'retired')),
  created_at  timestamptz not null,
  promoted_at timestamptz,
  retired_at  timestamptz,
  model       jsonb not null check (jsonb_typeof(model) = 'object'),
  performance jsonb not null check (jsonb_typeof(performance) = 'object'),
  check ((status = 'candidate') = (promoted_at is null))
);
-- One champion per segment in use.
create unique index models_one_champion on models (segment) where status = 'champion';

-- Every score released (to a lender in a report, or to the consumer), with the model version that made it, the
-- probability of default it stood for, its reasons, and who received it for which purpose. member_id is null
-- when the consumer looked at their own score; inquiry_id names the report it went out in.
create table scores (
  consumer_key  uuid not null references consumers (consumer_key),
  score_id      uuid not null,
  model_version text not null references models (version),
  score         integer not null,
  probability   double precision not null check (probability >= 0 and probability <= 1),
  reasons       jsonb not null check (jsonb_typeof(reasons) = 'array'),
  purpose       text not null,
  member_id     text references members (member_id),
  inquiry_id    uuid,
  at            timestamptz not null,
  primary key (consumer_key, score_id)
);
create index scores_recent on scores (consumer_key, at desc);
