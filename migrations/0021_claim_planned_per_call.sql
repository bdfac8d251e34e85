-- The claim's statements are planned with their values on every call. plpgsql caches each
-- statement's plan per connection and, after five custom plans, may keep a generic one for the
-- connection's life: made while `messages` held a few rows, that plan read every pending message
-- through the pending-work index on each claim (a claim of one message read 20,000 rows once a
-- broadcast's window was queued; tests/db/cached-plans.test.ts). A custom plan follows the table.
ALTER FUNCTION claim_messages(uuid[], uuid[], uuid[], int[], int[]) SET plan_cache_mode = force_custom_plan;
