-- The month-over-month checks of src/furnishing, which compare a file with what its furnisher reported before.
-- An account's last Payment Rating (CRRG field 17B): with Account Status 05 or 13, a late, collection or
-- charge-off rating makes the Date of First Delinquency required (CRRG field 25, hierarchy rule 2), and then it
-- may not move later in the next report (re-aging, FCRA §623(a)(5)). '' for rows stored before it was kept.
alter table account_index add column last_rating text not null default '';
-- The Identification Number (CRRG base field 5, or an L1 segment's new one, L1 field 4) the account is reported
-- under: a member with several numbers may send one file per number, and a file is compared only with the
-- accounts of its own numbers. '' for rows stored before it was kept: compared with any file of the furnisher.
alter table account_index add column identification_number text not null default '';
-- The Identification Numbers of the records a file applied; null for files applied before they were kept (taken
-- as any number of the furnisher).
alter table batches add column metro2_ids text[];
