-- A security freeze lifted for a period the consumer chose (FCRA §605A(i)(3)(C), "temporary removal"): the freeze
-- stays placed and is set aside until `lifted_until`, then binds again without anyone acting. A freeze in force
-- is still the one row with lifted_at null (security_freezes_in_force); whether it binds a report at a moment is
-- `lifted_until is null or lifted_until <= now`, read in the same keyed statement.
alter table security_freezes add column lifted_until timestamptz;
alter table security_freezes
  add constraint security_freezes_lifted_until_after_placed check (lifted_until is null or lifted_until > placed_at);
