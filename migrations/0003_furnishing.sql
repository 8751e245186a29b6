-- Furnished files and what became of each record.
create table batches (
  batch_id      uuid primary key,
  furnisher_id  text not null references members (member_id),
  content_hash  text not null,
  file_name     text,
  format        text not null,
  status        text not null check (status in ('applied', 'rejected')),
  records       integer not null,
  accepted      integer not null,
  rejected      integer not null,
  warnings      integer not null,
  errors        integer not null,
  activity_date date,
  summary       jsonb not null,
  received_at   timestamptz not null,
  applied_at    timestamptz not null default now()
);
-- The same file is applied once: its content hash is unique among the furnisher's applied batches. A
-- rejected file may be sent again once corrected, or even unchanged.
create unique index batches_applied_once on batches (furnisher_id, content_hash) where status = 'applied';
create index batches_furnisher on batches (furnisher_id, applied_at);

create table batch_issues (
  batch_id    uuid not null references batches (batch_id),
  seq         integer not null,
  record_no   integer,
  line        integer,
  byte_offset bigint,
  account     text,
  segment     text not null,
  field       text,
  rule        text not null,
  severity    text not null check (severity in ('error', 'warning')),
  message     text not null,
  primary key (batch_id, seq)
);

-- Lookup: account (tradeline_id is derived from furnisher + account number) -> its consumers, with the
-- furnisher's last reported state for the month-over-month checks (re-aging, history shift, vanishing).
create table account_index (
  tradeline_id   uuid primary key,
  furnisher_id   text not null references members (member_id),
  account_number text not null,
  consumers      jsonb not null,
  last_as_of     date not null,
  last_status    text not null,
  last_dofd      date,
  last_history   text not null,
  last_batch_id  uuid not null
);
create index account_index_furnisher on account_index (furnisher_id, last_batch_id);

-- One row per consumer on an account: the account's current state as the latest file reported it.
create table tradelines (
  consumer_key         uuid not null,
  tradeline_id         uuid not null,
  furnisher_id         text not null references members (member_id),
  account_number       text not null,
  ecoa_code            text not null,
  match_reason         text not null,
  portfolio_type       text not null,
  account_type         text not null,
  date_opened          date,
  credit_limit         bigint not null,
  highest_credit       bigint not null,
  terms_duration       text not null,
  terms_frequency      text not null,
  scheduled_payment    bigint not null,
  actual_payment       bigint not null,
  account_status       text not null,
  payment_rating       text not null,
  payment_history      text not null,
  special_comment      text not null,
  compliance_condition text not null,
  current_balance      bigint not null,
  amount_past_due      bigint not null,
  original_charge_off  bigint not null,
  as_of                date not null,
  date_first_delinquency date,
  date_closed          date,
  date_last_payment    date,
  interest_type        text not null,
  consumer_info        text not null,
  extra                jsonb,
  last_batch_id        uuid not null,
  updated_at           timestamptz not null default now(),
  primary key (consumer_key, tradeline_id)
);

-- Every month's report of every account, keyed by the Date of Account Information, so history is kept.
create table tradeline_snapshots (
  consumer_key         uuid not null,
  tradeline_id         uuid not null,
  as_of                date not null,
  batch_id             uuid not null,
  account_status       text not null,
  payment_rating       text not null,
  payment_history      text not null,
  special_comment      text not null,
  compliance_condition text not null,
  credit_limit         bigint not null,
  highest_credit       bigint not null,
  scheduled_payment    bigint not null,
  actual_payment       bigint not null,
  current_balance      bigint not null,
  amount_past_due      bigint not null,
  original_charge_off  bigint not null,
  date_first_delinquency date,
  date_closed          date,
  date_last_payment    date,
  primary key (consumer_key, tradeline_id, as_of)
);
