-- Active duty alerts (FCRA §605A(c)) and the contact number a consumer designates for an alert (§605A(h)(1)(B)(ii),
-- (h)(2)(A)). The number is PII: only its ciphertext is stored, sealed under the consumer's data key by the identity
-- module (DESIGN.md principle 4), so that shredding the consumer makes it unreadable. Null when none was given.
-- The kind's check was declared on its column in 0007, so PostgreSQL named it fraud_alerts_kind_check.
alter table fraud_alerts drop constraint fraud_alerts_kind_check;
alter table fraud_alerts add constraint fraud_alerts_kind_check
  check (kind in ('initial', 'extended', 'active_duty'));
alter table fraud_alerts add column contact_sealed bytea;
