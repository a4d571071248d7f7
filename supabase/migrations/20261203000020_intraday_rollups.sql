-- Intraday figures without a day of raw rows. Finished calls are kept for an hour and heartbeats for minutes
-- (a floor table must stay small: every console reads it whole when it starts), so the day's figures and the
-- uptime of 24 hours and 30 days live in two small tables the database maintains itself, from the rows as
-- they are written, whoever writes them (the embedded simulator, a telephony feed with service_role):
--
--   queue_intervals   per queue and quarter hour (UTC-aligned, so also on the quarter hours of every zone
--                     whose offset is a multiple of 15 min): the concluded inbound calls queued in it, with the
--                     sums the console's figures need (src/shared/domain/queue-stats.ts), and the time callers
--                     spent waiting in it (its average queue length is wait_ms / 15 min). A call is added when
--                     it becomes completed or abandoned; failed calls never count. Calls still in progress are
--                     not here: readers add them from public.calls (terminal ones from here, the rest from there).
--   monitor_rollups   per monitor, per UTC hour and per UTC day: checks, failed checks, degraded checks, ping.
--
-- Deleting a call or a heartbeat (retention) leaves the rollups as they are; a correction to a finished call or
-- a heartbeat (an UPDATE) moves its contribution. Both tables stream like every floor table (seq, tombstones,
-- Realtime), so consoles get them in their snapshot and live. public.floor_prune_rollups() bounds them.

create table public.queue_intervals (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  queue_id uuid not null references public.queues (id) on delete cascade,
  interval_start timestamptz not null
    constraint queue_intervals_quarter_check
    check (interval_start = date_bin('15 minutes', interval_start, timestamptz '2000-01-01 00:00:00+00')),
  offered integer not null default 0,
  answered integer not null default 0,
  answered_within integer not null default 0,
  abandoned integer not null default 0,
  short_abandoned integer not null default 0,
  answer_ms bigint not null default 0,
  handled integer not null default 0,
  handle_ms bigint not null default 0,
  wait_ms bigint not null default 0,
  seq bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint queue_intervals_queue_start_key unique (queue_id, interval_start)
);

create table public.monitor_rollups (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  monitor_id uuid not null references public.monitors (id) on delete cascade,
  span text not null check (span in ('hour', 'day')),
  bucket_start timestamptz not null,
  checks integer not null default 0,
  down integer not null default 0,
  degraded integer not null default 0,
  ping_ms_total bigint not null default 0,
  pinged integer not null default 0,
  seq bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint monitor_rollups_bucket_check check (
    (span = 'hour' and bucket_start = date_bin('1 hour', bucket_start, timestamptz '2000-01-01 00:00:00+00'))
    or (span = 'day' and bucket_start = date_trunc('day', bucket_start, 'UTC'))),
  constraint monitor_rollups_monitor_bucket_key unique (monitor_id, span, bucket_start)
);

-- Streamed like every floor table: seq and updated_at, tombstones, the full old row, Realtime, delivery mode.
do $$
declare t text;
begin
  foreach t in array array['queue_intervals', 'monitor_rollups'] loop
    execute format('create index %I on public.%I (org_id, seq)', t || '_org_seq_idx', t);
    execute format('create trigger floor_touch before insert or update on public.%I for each row execute function public.floor_touch()', t);
    execute format('create trigger floor_tombstone after delete on public.%I for each row execute function public.floor_tombstone()', t);
    execute format('alter table public.%I replica identity full', t);
    execute format('alter publication supabase_realtime add table public.%I', t);
    execute format('alter table public.%I enable row level security', t);
    execute format('create policy %I on public.%I for select to authenticated using (public.is_member(org_id))', t || '_read', t);
  end loop;
end $$;
create index queue_intervals_org_start_idx on public.queue_intervals (org_id, interval_start);
create index monitor_rollups_org_bucket_idx on public.monitor_rollups (org_id, span, bucket_start);

-- Adds (p_sign 1) or takes back (-1) what some calls contribute to their quarter hours, in one statement: the
-- triggers below call it once per statement that wrote calls, whatever the number of rows, and a bulk load
-- may call it too. A call's counts go to the quarter hour it was queued in, its waiting time to each quarter
-- hour it waited in. The definitions are the console's (src/shared/domain/queue-stats.ts): answered when
-- answered_at is set, within target when answered no later than the queue's target, abandoned after more
-- than 5 s (5 s or less is a short abandon), handled when answered and ended. Nothing for a failed call, an
-- outbound call, or a call not yet completed or abandoned. (PL/pgSQL: its plan is kept for the session.)
create or replace function public.floor_intervals_add(p_calls public.calls[], p_sign integer) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.queue_intervals as q (org_id, queue_id, interval_start, offered, answered, answered_within,
      abandoned, short_abandoned, answer_ms, handled, handle_ms, wait_ms)
  select c.org_id, c.queue_id, g.s,
         p_sign * count(*) filter (where g.s = k.home),
         p_sign * count(*) filter (where g.s = k.home and k.ans),
         p_sign * count(*) filter (where g.s = k.home and k.ans
                                     and c.answered_at - c.queued_at <= make_interval(secs => qu.sla_target_seconds)),
         p_sign * count(*) filter (where g.s = k.home and k.abn and k.long_wait),
         p_sign * count(*) filter (where g.s = k.home and k.abn and not k.long_wait),
         p_sign * coalesce(sum(greatest(0, round(extract(epoch from c.answered_at - c.queued_at) * 1000)))
                             filter (where g.s = k.home and k.ans), 0),
         p_sign * count(*) filter (where g.s = k.home and k.ans and c.ended_at is not null),
         p_sign * coalesce(sum(greatest(0, round(extract(epoch from c.ended_at - c.answered_at) * 1000)))
                             filter (where g.s = k.home and k.ans and c.ended_at is not null), 0),
         p_sign * sum(greatest(0, round(extract(epoch from least(g.s + interval '15 minutes', k.wait_end)
                                                         - greatest(g.s, c.queued_at)) * 1000)))
    from unnest(p_calls) c
    join public.queues qu on qu.id = c.queue_id
   cross join lateral (
     select date_bin('15 minutes', c.queued_at, timestamptz '2000-01-01 00:00:00+00') as home,
            greatest(c.queued_at, coalesce(c.answered_at, c.ended_at, c.status_changed_at)) as wait_end,
            c.answered_at is not null as ans,
            c.answered_at is null and c.status = 'abandoned' as abn,
            coalesce(c.ended_at, c.status_changed_at) - c.queued_at > interval '5 seconds' as long_wait) k
   cross join lateral generate_series(
     k.home, date_bin('15 minutes', k.wait_end, timestamptz '2000-01-01 00:00:00+00'), interval '15 minutes') g(s)
   where c.direction = 'inbound' and c.status in ('completed', 'abandoned')
     and (g.s = k.home or least(g.s + interval '15 minutes', k.wait_end) > greatest(g.s, c.queued_at))
   group by c.org_id, c.queue_id, g.s
  on conflict (queue_id, interval_start) do update set
    offered = q.offered + excluded.offered, answered = q.answered + excluded.answered,
    answered_within = q.answered_within + excluded.answered_within, abandoned = q.abandoned + excluded.abandoned,
    short_abandoned = q.short_abandoned + excluded.short_abandoned, answer_ms = q.answer_ms + excluded.answer_ms,
    handled = q.handled + excluded.handled, handle_ms = q.handle_ms + excluded.handle_ms,
    wait_ms = q.wait_ms + excluded.wait_ms;
end $$;

-- Statement-level, with the statement's rows as transition tables: a tick of the simulator or a feed's batch
-- of a thousand calls costs one rollup statement, not one per row.
create or replace function public.floor_calls_rollup_insert() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform public.floor_intervals_add(array(
    select c::public.calls from new_rows c
     where c.status in ('completed', 'abandoned') and c.direction = 'inbound' and c.queue_id is not null), 1);
  return null;
end $$;

create or replace function public.floor_calls_rollup_update() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  moved public.calls[];
begin
  -- The finished calls whose contribution changed: taken back as they were, added as they are.
  select array_agg(o::public.calls) into moved from old_rows o join new_rows n on n.id = o.id
   where o.status in ('completed', 'abandoned') and o.direction = 'inbound' and o.queue_id is not null
     and (o.status, o.direction, o.queue_id, o.queued_at, o.answered_at, o.ended_at, o.status_changed_at)
         is distinct from (n.status, n.direction, n.queue_id, n.queued_at, n.answered_at, n.ended_at,
                           n.status_changed_at);
  if moved is not null then perform public.floor_intervals_add(moved, -1); end if;
  select array_agg(n::public.calls) into moved from new_rows n join old_rows o on o.id = n.id
   where n.status in ('completed', 'abandoned') and n.direction = 'inbound' and n.queue_id is not null
     and (o.status, o.direction, o.queue_id, o.queued_at, o.answered_at, o.ended_at, o.status_changed_at)
         is distinct from (n.status, n.direction, n.queue_id, n.queued_at, n.answered_at, n.ended_at,
                           n.status_changed_at);
  if moved is not null then perform public.floor_intervals_add(moved, 1); end if;
  return null;
end $$;

create trigger floor_calls_rollup_insert after insert on public.calls
  referencing new table as new_rows for each statement execute function public.floor_calls_rollup_insert();
create trigger floor_calls_rollup_update after update on public.calls
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.floor_calls_rollup_update();

-- Heartbeats in their hours and days, the same way.
create or replace function public.floor_rollups_add(p_beats public.heartbeats[], p_sign integer) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.monitor_rollups as r (org_id, monitor_id, span, bucket_start, checks, down, degraded,
      ping_ms_total, pinged)
  select h.org_id, h.monitor_id, b.span, b.start, p_sign * count(*), p_sign * count(*) filter (where h.status = 'down'),
         p_sign * count(*) filter (where h.status = 'degraded'), p_sign * coalesce(sum(h.ping_ms), 0),
         p_sign * count(h.ping_ms)
    from unnest(p_beats) h
   cross join lateral (values ('hour', date_bin('1 hour', h.checked_at, timestamptz '2000-01-01 00:00:00+00')),
                              ('day', date_trunc('day', h.checked_at, 'UTC'))) b(span, start)
   group by h.org_id, h.monitor_id, b.span, b.start
  on conflict (monitor_id, span, bucket_start) do update set
    checks = r.checks + excluded.checks, down = r.down + excluded.down, degraded = r.degraded + excluded.degraded,
    ping_ms_total = r.ping_ms_total + excluded.ping_ms_total, pinged = r.pinged + excluded.pinged;
end $$;

create or replace function public.floor_heartbeats_rollup_insert() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform public.floor_rollups_add(array(select h::public.heartbeats from new_rows h), 1);
  return null;
end $$;

create or replace function public.floor_heartbeats_rollup_update() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  moved public.heartbeats[];
begin
  select array_agg(o::public.heartbeats) into moved from old_rows o join new_rows n on n.id = o.id
   where (o.monitor_id, o.status, o.ping_ms, o.checked_at) is distinct from (n.monitor_id, n.status, n.ping_ms, n.checked_at);
  if moved is not null then perform public.floor_rollups_add(moved, -1); end if;
  select array_agg(n::public.heartbeats) into moved from new_rows n join old_rows o on o.id = n.id
   where (o.monitor_id, o.status, o.ping_ms, o.checked_at) is distinct from (n.monitor_id, n.status, n.ping_ms, n.checked_at);
  if moved is not null then perform public.floor_rollups_add(moved, 1); end if;
  return null;
end $$;

create trigger floor_heartbeats_rollup_insert after insert on public.heartbeats
  referencing new table as new_rows for each statement execute function public.floor_heartbeats_rollup_insert();
create trigger floor_heartbeats_rollup_update after update on public.heartbeats
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.floor_heartbeats_rollup_update();

-- Bounds both tables (every org). The defaults keep what the console shows: today in every zone (a local day
-- began at most 26 hours ago), 24 hours of hours, 30 days of days. Schedule it on a real project, e.g.
--   select cron.schedule('floorwatch-prune-rollups', '17 * * * *', $$select public.floor_prune_rollups()$$);
create or replace function public.floor_prune_rollups(
  p_intervals interval default '2 days', p_hours interval default '2 days', p_days interval default '32 days'
) returns bigint language plpgsql security definer set search_path = '' as $$
declare
  n bigint;
  k bigint;
begin
  delete from public.queue_intervals where interval_start < now() - p_intervals;
  get diagnostics n = row_count;
  delete from public.monitor_rollups
   where (span = 'hour' and bucket_start < now() - p_hours) or (span = 'day' and bucket_start < now() - p_days);
  get diagnostics k = row_count;
  return n + k;
end $$;

-- Broadcast delivery covers the new tables too (20261121000010_broadcast_mode: same function, longer list).
create or replace function public.floor_set_delivery(mode text) returns void
language plpgsql security definer set search_path = '' as $$
declare t text;
begin
  if mode not in ('broadcast', 'postgres_changes') then
    raise exception 'unknown delivery mode "%"', mode using errcode = '22023';
  end if;
  foreach t in array array['queues', 'agents', 'campaigns', 'calls', 'agent_sessions', 'monitors', 'heartbeats',
                           'alert_rules', 'alerts', 'alert_events', 'wallboard_profiles', 'queue_intervals',
                           'monitor_rollups', 'tombstones'] loop
    execute format('drop trigger if exists floor_broadcast on public.%I', t);
    if mode = 'broadcast' then
      execute format('create trigger floor_broadcast after insert or update or delete on public.%I
        for each row execute function public.floor_broadcast_change()', t);
    end if;
  end loop;
end $$;
-- A project already in broadcast mode keeps it, now for the new tables as well.
do $$
begin
  if exists (select 1 from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace
              where g.tgname = 'floor_broadcast' and n.nspname = 'public' and c.relname = 'calls') then
    perform public.floor_set_delivery('broadcast');
  end if;
end $$;

-- Grants (see 20261201000010_explicit_grants): members read their orgs' rollups (RLS); a feed's service may
-- correct or backfill them; nobody but the triggers and the owner runs the helpers.
revoke all on public.queue_intervals, public.monitor_rollups from anon, authenticated, service_role;
grant select on public.queue_intervals, public.monitor_rollups to authenticated;
grant select, insert, update, delete on public.queue_intervals, public.monitor_rollups to service_role;
revoke all on function public.floor_intervals_add(public.calls[], integer) from public, anon, authenticated, service_role;
revoke all on function public.floor_rollups_add(public.heartbeats[], integer) from public, anon, authenticated, service_role;
revoke all on function public.floor_calls_rollup_insert() from public, anon, authenticated, service_role;
revoke all on function public.floor_calls_rollup_update() from public, anon, authenticated, service_role;
revoke all on function public.floor_heartbeats_rollup_insert() from public, anon, authenticated, service_role;
revoke all on function public.floor_heartbeats_rollup_update() from public, anon, authenticated, service_role;
revoke all on function public.floor_prune_rollups(interval, interval, interval) from public, anon, authenticated;
grant execute on function public.floor_prune_rollups(interval, interval, interval) to service_role;
revoke all on function public.floor_set_delivery(text) from public, anon, authenticated;
grant execute on function public.floor_set_delivery(text) to service_role;
