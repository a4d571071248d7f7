-- Optional, for a real Supabase project: bounds the intraday rollups (public.queue_intervals and
-- public.monitor_rollups, migration 20261203000020) with pg_cron, once an hour. Consoles read those tables whole
-- at start, so without a schedule they grow by ~100 rows per queue and ~25 per service a day, and a console's
-- first snapshot with them. The defaults keep what the console shows: today in every time zone (2 days of
-- quarter hours), 24 hours of hours (2 days), 30 days of days (32). Apply it once, after the migrations (SQL
-- editor, or copy it into supabase/migrations under a newer timestamp and `supabase db push`). Stop it with
-- select cron.unschedule('floorwatch-prune-rollups');
-- Each pruned row leaves a tombstone; schedule public.floor_prune_tombstones too (README, step 3).
create extension if not exists pg_cron;

select cron.schedule('floorwatch-prune-rollups', '17 * * * *', 'select public.floor_prune_rollups()');
