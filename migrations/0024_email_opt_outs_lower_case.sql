-- Email opt-outs recorded from a hard bounce kept the address as the message had it (capitals
-- included), while sends look addresses up in lower case: such an opt-out never stopped a send.
-- Each account's email opt-outs become one row per lower-case address: the lower-case row when there
-- is one, else the earliest, the others (duplicates of it) removed.
DELETE FROM "opt_outs" o
WHERE o."channel_type" = 'email' AND o."address" <> lower(btrim(o."address"))
  AND EXISTS (
    SELECT 1 FROM "opt_outs" k
    WHERE k."account_id" = o."account_id" AND k."channel_type" = 'email' AND k."id" <> o."id"
      AND lower(btrim(k."address")) = lower(btrim(o."address"))
      AND (k."address" = lower(btrim(k."address")) OR (k."created_at", k."id") < (o."created_at", o."id"))
  );--> statement-breakpoint
UPDATE "opt_outs" SET "address" = lower(btrim("address"))
WHERE "channel_type" = 'email' AND "address" <> lower(btrim("address"));
