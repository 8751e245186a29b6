-- The MAC of each audit event (src/audit/chain-mac.ts): HMAC-SHA-256 of its hash under a key that is not in the
-- database. The hash chain alone let anyone who can write to the database append an event with a correct hash
-- after the head and move the head forward (the triggers of 0004 allow both), and verify said intact, even
-- against an anchor (found by probing). Events chained before the log's first `audit.keyed` event have none.
alter table audit_events add column mac text check (mac is null or mac ~ '^[0-9a-f]{64}$');

-- Where the MACs begin: found without reading the log, by the first keyed append and by a verify of a range.
create index audit_events_keyed on audit_events (seq) where action = 'audit.keyed';
