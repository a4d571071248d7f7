-- The server tick: a `tick` broadcast on every org's private topic `floor:<org id>` with the server time, so
-- a console tells a quiet floor from a dead feed (no tick for two intervals = STALE). Sent through
-- realtime.send(), so it reaches exactly the members the realtime.messages policies let read the topic, and
-- nobody else can forge one (members may not write broadcasts there).
--
-- Something must call it every few seconds: the embedded backend's scheduler does; on a real project, the
-- optional supabase/optional/server_tick_cron.sql schedules it with pg_cron. Without either, consoles judge
-- staleness from heartbeats only.
create or replace function public.floor_server_tick(interval_ms integer default 5000) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  n integer := 0;
  org record;
  at text := to_char(clock_timestamp() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
begin
  if interval_ms is null or interval_ms < 100 then
    raise exception 'tick interval must be at least 100 ms, got %', interval_ms using errcode = '22023';
  end if;
  for org in select id from public.orgs loop
    perform realtime.send(jsonb_build_object('at', at, 'interval_ms', interval_ms), 'tick', 'floor:' || org.id, true);
    n := n + 1;
  end loop;
  return n;
end $$;

revoke all on function public.floor_server_tick(integer) from public, anon, authenticated;
grant execute on function public.floor_server_tick(integer) to service_role;
