-- The match keys (0002) for which a consumer was created while they named no one. Two files applied at the same
-- time cannot see each other's uncommitted consumers: each would create one for the same new person of the same
-- name, birth date and postcode, and every later record of theirs without a national ID would then be refused as
-- ambiguous (FCRA section 607(b)). The consumer created first claims the key here; the second claim is a unique
-- violation, and its file is refused whole and sent again, as one that meets another's national ID (id_tokens).
-- Several consumers may still share a key (told apart by a national ID): only the first claims it.
-- Crypto-shredding deletes the claims of the consumer's keys, so that the key can be claimed again.
--
-- Citus: distributed on match_key, co-located with match_keys.
create table match_key_claims (
  match_key bytea primary key
);

-- The keys that name consumers already: whoever creates one for them sees their owner, and claims nothing.
insert into match_key_claims (match_key)
select distinct match_key from match_keys;
