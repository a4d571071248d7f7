-- Optional, for a real Supabase project: evaluates the alert rules (public.floor_evaluate_alerts, migrations
-- 20261202000010/11) every 10 seconds with pg_cron, so alerts are raised, cleared and escalated with no
-- console and no simulator running. Needs pg_cron 1.5 or later (second-level schedules), which hosted Supabase
-- has. Apply it once, after the migrations: copy it into supabase/migrations under a newer timestamp and
-- `supabase db push`, or run it in the SQL editor. Running it again replaces the job. Two schedulers (this
-- job and, say, a second project tool calling the function) are safe: one alert per rule and subject is
-- enforced by a unique index. To stop: select cron.unschedule('floor-evaluate-alerts');
create extension if not exists pg_cron;

select cron.schedule('floor-evaluate-alerts', '10 seconds', 'select public.floor_evaluate_alerts()');
