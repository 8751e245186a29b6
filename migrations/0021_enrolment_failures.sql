-- Failed enrolment answers per national ID, for life (NIST SP 800-63A rev. 3 §5.3.2: no more than three attempts
-- to complete knowledge-based verification). The starts in started_at slide out of their 24-hour window; these
-- never do: once failed_answers reaches three, online enrolment refuses that national ID until an operator, who
-- verified the consumer another way, clears it. Counted alike whether or not the ID is on file, so the lock tells
-- nothing of who is. A probe enrolled as someone else by guessing through the 125 answers, three a day.
alter table consumer_enrolment_attempts
  add column failed_answers integer not null default 0 check (failed_answers >= 0);
