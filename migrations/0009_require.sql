-- ob_require(ok, message, code): true when ok, else the statement fails with SQLSTATE `code` and `message`.
-- A statement batch (src/platform/pipeline.ts) runs as one transaction without a round trip between its
-- statements; a condition that must hold for the rest to apply (a consent that can still be spent) fails the
-- whole batch through this, so that nothing of it is written.
create function ob_require(ok boolean, message text, code text) returns boolean
language plpgsql volatile as $$
begin
  if ok is not true then
    raise exception using errcode = code, message = message;
  end if;
  return true;
end
$$;
