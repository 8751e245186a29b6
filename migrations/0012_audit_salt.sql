-- A random salt in every audit event's hash (src/audit/audit.hash.ts). Without it, anyone shown a hash (the
-- supervisor sees the head's) could confirm a guess of an event whose fields are all guessable: an enrolment
-- started for a national ID not on file has a null consumer key and fixed texts, so its hash told whether
-- the ID was on file. 128 random bits, stored with the event, shown to no one through the API. Events chained
-- before this migration have none and keep their hashes.
alter table audit_events add column salt text check (salt is null or salt ~ '^[0-9a-f]{32}$');
