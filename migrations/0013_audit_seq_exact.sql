-- Every seq an exact JavaScript number (Number.MAX_SAFE_INTEGER, 2^53 - 1): the application reads int8 as a
-- Number (src/platform/db.ts), so a row inserted at 2^53 + 1 read as 2^53, and the verifier's ranges stepped
-- over it while a consumer's list showed it. Nothing appends near there (one event a microsecond would take
-- 285 years); the verifier also reports any row outside 1 to 2^53 - 1, should the constraint be dropped.
alter table audit_events add constraint audit_events_seq_exact check (seq <= 9007199254740991);
alter table audit_head add constraint audit_head_seq_exact check (seq <= 9007199254740991);
