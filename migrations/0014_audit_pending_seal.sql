-- The seal of each set of pending audit events (src/audit/pending-seal.ts): an HMAC under a key that is not in
-- the database. Without it, a row inserted by hand into audit_pending was chained as a genuine event a minute
-- later. Rows stored before this migration have an empty seal and are recorded as refused, not chained.
alter table audit_pending add column mac text not null default '';
