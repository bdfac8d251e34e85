-- A channel the provider refused (credentials, balance, a bind or login) holds its messages until
-- a verify succeeds; the flag outlives new settings and a disable/enable, which used to release it.
ALTER TABLE "channels" ADD COLUMN "needs_verify" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Channels already in `error` stay held.
UPDATE "channels" SET "needs_verify" = true WHERE "status" = 'error';
