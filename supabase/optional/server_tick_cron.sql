-- Optional, for a real Supabase project: schedules the server tick (public.floor_server_tick, migration
-- 20261201000011) every 5 seconds with pg_cron, so consoles can tell a quiet floor from a dead feed.
-- Needs pg_cron 1.5 or later (second-level schedules), which hosted Supabase has. Apply it once, after the
-- migrations: copy it into supabase/migrations under a newer timestamp and `supabase db push`, or run it in
-- the SQL editor. Running it again replaces the job. To stop the tick: select cron.unschedule('floor-server-tick');
create extension if not exists pg_cron;

select cron.schedule('floor-server-tick', '5 seconds', 'select public.floor_server_tick(5000)');
