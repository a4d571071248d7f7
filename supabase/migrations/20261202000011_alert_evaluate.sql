-- The evaluator's functions (tables in 20261202000010_alert_evaluator). Queue figures follow the console's
-- definitions (src/shared/domain/queue-stats.ts): today runs from the queue's daily reset in its own zone,
-- inbound calls only, failed calls never, abandons of 5 s or less are not counted.
--
--   queue_wait     longest wait of a queued or ringing call, seconds, over threshold
--   service_level  answered within target / (answered + abandoned) today, %, under threshold
--   abandon_rate   abandoned / (answered + abandoned) today, %, over threshold
--   queue_depth    calls waiting (queued or ringing) over threshold
--     (queue rules: params.queue_id limits a rule to one queue; params.min_calls, default 5, is how many
--      concluded calls a ratio needs before it means anything)
--   agent_idle     available without a call for over threshold seconds
--   agent_break    on a break for over threshold seconds
--   monitor_down   the last `threshold` checks all failed, or no check for `threshold` intervals (missed
--                  heartbeats; half an interval of grace)
--   monitor_ping   the latest check answered slower than threshold ms

create index if not exists calls_queue_queued_idx on public.calls (queue_id, queued_at);

-- "90 s", "5 min", "1:32" as people read them in a title.
create or replace function public.floor_alert_duration(seconds numeric) returns text
language sql immutable set search_path = '' as $$
  select case when seconds < 120 then round(seconds)::text || ' s'
              when round(seconds) % 60 = 0 then (round(seconds)::bigint / 60)::text || ' min'
              else (floor(seconds / 60))::text || ':' || lpad((round(seconds) % 60)::text, 2, '0') end
$$;

create or replace function public.floor_alert_queue_breaches(p_now timestamptz)
returns table (org_id uuid, rule_id uuid, subject text, value numeric, title text, body text,
               source_table text, source_id uuid)
language sql stable security definer set search_path = '' as $$
  with f as (
    select q.id, q.org_id, q.name, w.waiting, w.longest, t.concluded, t.within, t.abandoned
      from public.queues q
     cross join lateral (
       select count(*) as waiting, coalesce(extract(epoch from p_now - min(c.queued_at)), 0) as longest
         from public.calls c
        where c.queue_id = q.id and c.direction = 'inbound' and c.status in ('queued', 'ringing')
          and c.queued_at <= p_now) w
     cross join lateral (
       select count(*) filter (where c.answered_at is not null or long_abandon) as concluded,
              count(*) filter (where c.answered_at is not null
                               and c.answered_at - c.queued_at <= make_interval(secs => q.sla_target_seconds)) as within,
              count(*) filter (where c.answered_at is null and long_abandon) as abandoned
         from public.calls c
        cross join lateral (select c.status = 'abandoned'
                              and coalesce(c.ended_at, c.status_changed_at) - c.queued_at > interval '5 seconds'
                              as long_abandon) x
        where c.queue_id = q.id and c.direction = 'inbound' and c.status <> 'failed' and c.queued_at <= p_now
          and c.queued_at >= (date_trunc('day', (p_now at time zone q.time_zone) - q.daily_reset_time)
                              + q.daily_reset_time) at time zone q.time_zone) t
     where exists (select 1 from public.alert_rules r where r.org_id = q.org_id and r.enabled
                      and r.kind in ('queue_wait', 'service_level', 'abandon_rate', 'queue_depth'))
  ), m as (
    select r.*, f.id as queue_id, f.name as queue_name, f.waiting, f.longest, f.concluded,
           case when f.concluded > 0 then round(100.0 * f.within / f.concluded, 1) end as sl,
           case when f.concluded > 0 then round(100.0 * f.abandoned / f.concluded, 1) end as ar,
           f.concluded >= coalesce((r.params ->> 'min_calls')::integer, 5) as enough
      from public.alert_rules r
      join f on f.org_id = r.org_id and (r.params ->> 'queue_id' is null or r.params ->> 'queue_id' = f.id::text)
     where r.enabled
  )
  select m.org_id, m.id, m.queue_id::text, v.value, v.title, v.body, 'queues', m.queue_id
    from m cross join lateral (
      select m.longest as value,
             'Longest wait in ' || m.queue_name || ' over ' || public.floor_alert_duration(m.threshold) as title,
             'A caller has waited ' || public.floor_alert_duration(m.longest) || '.' as body
       where m.kind = 'queue_wait' and m.waiting > 0 and m.longest > m.threshold
      union all
      select m.sl, 'Service level in ' || m.queue_name || ' under ' || m.threshold || ' %',
             'Service level today is ' || m.sl || ' % of ' || m.concluded || ' calls.'
       where m.kind = 'service_level' and m.enough and m.sl < m.threshold
      union all
      select m.ar, 'Abandon rate in ' || m.queue_name || ' over ' || m.threshold || ' %',
             'Abandon rate today is ' || m.ar || ' % of ' || m.concluded || ' calls.'
       where m.kind = 'abandon_rate' and m.enough and m.ar > m.threshold
      union all
      select m.waiting, 'Calls waiting in ' || m.queue_name || ' over ' || m.threshold,
             m.waiting || ' calls are waiting.'
       where m.kind = 'queue_depth' and m.waiting > m.threshold) v
$$;

create or replace function public.floor_alert_agent_breaches(p_now timestamptz)
returns table (org_id uuid, rule_id uuid, subject text, value numeric, title text, body text,
               source_table text, source_id uuid)
language sql stable security definer set search_path = '' as $$
  select r.org_id, r.id, s.id::text, x.secs,
         a.name || case r.kind when 'agent_idle' then ' idle for over ' else ' on a break for over ' end
           || public.floor_alert_duration(r.threshold),
         case r.kind when 'agent_idle' then 'Available without a call for ' else 'On a break for ' end
           || public.floor_alert_duration(x.secs) || '.',
         'agent_sessions', s.id
    from public.alert_rules r
    join public.agent_sessions s on s.org_id = r.org_id
    join public.agents a on a.id = s.agent_id
   cross join lateral (select extract(epoch from p_now - s.status_since) as secs) x
   where r.enabled and r.kind in ('agent_idle', 'agent_break') and x.secs > r.threshold
     and ((r.kind = 'agent_idle' and s.status = 'available' and s.current_call_id is null)
          or (r.kind = 'agent_break' and s.status = 'break'))
$$;

create or replace function public.floor_alert_monitor_breaches(p_now timestamptz)
returns table (org_id uuid, rule_id uuid, subject text, value numeric, title text, body text,
               source_table text, source_id uuid)
language sql stable security definer set search_path = '' as $$
  select r.org_id, r.id, mo.id::text, v.value, v.title, v.body, 'monitors', mo.id
    from public.alert_rules r
    join public.monitors mo on mo.org_id = r.org_id and mo.status <> 'paused'
   cross join lateral (
     select count(*) as checks, count(*) filter (where h.status = 'down') as down,
            max(h.checked_at) as last_at, (array_agg(h.ping_ms order by h.checked_at desc))[1] as ping,
            (array_agg(h.status order by h.checked_at desc))[1] as last_status
       from (select hb.status, hb.ping_ms, hb.checked_at from public.heartbeats hb
              where hb.monitor_id = mo.id and hb.checked_at <= p_now
              order by hb.checked_at desc limit greatest(1, ceil(r.threshold))::integer) h) k
   cross join lateral (select extract(epoch from p_now - coalesce(k.last_at, mo.last_checked_at)) as silent) s
   cross join lateral (
     select k.down::numeric as value, mo.name || ' is down' as title,
            case when k.checks >= ceil(r.threshold) and k.down = k.checks
                 then 'The last ' || k.checks || ' checks failed.'
                 else 'No check for ' || public.floor_alert_duration(s.silent) || '.' end as body
      where r.kind = 'monitor_down' and ((k.checks >= ceil(r.threshold) and k.down = k.checks)
            or s.silent > (ceil(r.threshold) + 0.5) * mo.interval_seconds)
     union all
     select k.ping, mo.name || ' responding slowly', 'Ping ' || k.ping || ' ms (limit ' || r.threshold || ' ms).'
      where r.kind = 'monitor_ping' and k.last_status <> 'down' and k.ping > r.threshold) v
   where r.enabled and r.kind in ('monitor_down', 'monitor_ping')
$$;

-- Raises the alert of one condition held long enough, or finds the one already open (another evaluator's).
create or replace function public.floor_alert_raise(
  p_org uuid, p_rule uuid, p_subject text, p_severity text, p_title text, p_body text, p_source_table text,
  p_source_id uuid, p_now timestamptz
) returns uuid language plpgsql security definer set search_path = '' as $$
declare
  v_id uuid;
  v_key text := p_rule::text || '/' || p_subject;
begin
  insert into public.alerts (org_id, rule_id, severity, title, body, source_table, source_id, status, raised_at, dedupe_key)
  values (p_org, p_rule, p_severity, p_title, p_body, p_source_table, p_source_id, 'open', p_now, v_key)
  on conflict (org_id, dedupe_key) where dedupe_key is not null and status <> 'resolved' do nothing
  returning id into v_id;
  if v_id is not null then
    insert into public.alert_events (org_id, alert_id, kind, actor_kind, at) values (p_org, v_id, 'raise', 'system', p_now);
    return v_id;
  end if;
  select a.id into v_id from public.alerts a
   where a.org_id = p_org and a.dedupe_key = v_key and a.status <> 'resolved';
  return v_id;
end $$;

-- Resolves the alert of a condition gone for its clear duration (if a person has not already).
create or replace function public.floor_alert_clear(p_alert uuid, p_now timestamptz) returns integer
language plpgsql security definer set search_path = '' as $$
declare a public.alerts;
begin
  update public.alerts set status = 'resolved', resolved_at = p_now, resolved_by = null, snoozed_until = null
   where id = p_alert and status <> 'resolved' returning * into a;
  if not found then return 0; end if;
  insert into public.alert_events (org_id, alert_id, kind, actor_kind, comment, at)
  values (a.org_id, a.id, 'resolve', 'system', 'Condition cleared', p_now);
  return 1;
end $$;

-- One run of every enabled rule of every org. Returns how many lifecycle events it wrote (raise, resolve,
-- escalate). p_now is for tests; a schedule calls it without.
create or replace function public.floor_evaluate_alerts(p_now timestamptz default null) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  v_now timestamptz := coalesce(p_now, now());
  n integer := 0;
  k integer;
  seen text[] := '{}';
  b record;
  c public.alert_conditions;
begin
  for b in
    select x.*, r.severity, r.raise_after_seconds from (
      select * from public.floor_alert_queue_breaches(v_now)
      union all select * from public.floor_alert_agent_breaches(v_now)
      union all select * from public.floor_alert_monitor_breaches(v_now)) x
    join public.alert_rules r on r.id = x.rule_id
    order by x.rule_id, x.subject
  loop
    seen := seen || (b.rule_id::text || '/' || b.subject);
    insert into public.alert_conditions as s (rule_id, subject, org_id, breaching_since, value, evaluated_at)
    values (b.rule_id, b.subject, b.org_id, v_now, b.value, v_now)
    on conflict (rule_id, subject) do update
      set breaching_since = coalesce(s.breaching_since, v_now), clear_since = null, value = excluded.value,
          evaluated_at = v_now
    returning * into c;
    continue when c.alert_id is not null
      or v_now - c.breaching_since < make_interval(secs => b.raise_after_seconds);
    c.alert_id := public.floor_alert_raise(b.org_id, b.rule_id, b.subject, b.severity, b.title, b.body,
                                           b.source_table, b.source_id, v_now);
    update public.alert_conditions set alert_id = c.alert_id where rule_id = c.rule_id and subject = c.subject;
    n := n + 1;
  end loop;

  -- Conditions that no longer hold: a pending one starts over; a raised one clears after its clear duration.
  for c in
    select s.* from public.alert_conditions s
     where not ((s.rule_id::text || '/' || s.subject) = any (seen))
     order by s.rule_id, s.subject for update
  loop
    if c.alert_id is null then
      delete from public.alert_conditions where rule_id = c.rule_id and subject = c.subject;
      continue;
    end if;
    if c.clear_since is null then
      c.clear_since := v_now;
      update public.alert_conditions set clear_since = v_now, breaching_since = null, evaluated_at = v_now
       where rule_id = c.rule_id and subject = c.subject;
    end if;
    if v_now - c.clear_since >= make_interval(secs => (select r.clear_after_seconds from public.alert_rules r
                                                             where r.id = c.rule_id)) then
      n := n + public.floor_alert_clear(c.alert_id, v_now);
      delete from public.alert_conditions where rule_id = c.rule_id and subject = c.subject;
    end if;
  end loop;

  -- Snoozes that ended: the alert is open again, so consoles remind whoever snoozed it.
  with w as (
    update public.alerts a set status = 'open', snoozed_until = null
     where a.status = 'snoozed' and a.snoozed_until <= v_now
    returning a.id, a.org_id)
  insert into public.alert_events (org_id, alert_id, kind, actor_kind, comment, at)
  select w.org_id, w.id, 'reopen', 'system', 'Snooze ended', v_now from w;
  get diagnostics k = row_count;
  n := n + k;

  -- Criticals nobody acknowledged (or snoozed) in time are escalated, once.
  with e as (
    update public.alerts a set escalated_at = v_now
      from public.alert_rules r
     where r.id = a.rule_id and a.severity = 'critical' and a.status = 'open' and a.escalated_at is null
       and r.escalate_after_minutes is not null
       and a.raised_at + make_interval(mins => r.escalate_after_minutes) <= v_now
    returning a.id, a.org_id, r.escalate_after_minutes as mins)
  insert into public.alert_events (org_id, alert_id, kind, actor_kind, comment, at)
  select e.org_id, e.id, 'escalate', 'system', 'Not acknowledged within ' || e.mins || ' min', v_now from e;
  get diagnostics k = row_count;
  return n + k;
end $$;

-- Nobody but the schedule (service_role; pg_cron runs as postgres) runs the evaluator; the helpers are
-- called only from it.
revoke all on function public.floor_alert_duration(numeric) from public, anon, authenticated, service_role;
revoke all on function public.floor_alert_queue_breaches(timestamptz) from public, anon, authenticated, service_role;
revoke all on function public.floor_alert_agent_breaches(timestamptz) from public, anon, authenticated, service_role;
revoke all on function public.floor_alert_monitor_breaches(timestamptz) from public, anon, authenticated, service_role;
revoke all on function public.floor_alert_raise(uuid, uuid, text, text, text, text, text, uuid, timestamptz)
  from public, anon, authenticated, service_role;
revoke all on function public.floor_alert_clear(uuid, timestamptz) from public, anon, authenticated, service_role;
revoke all on function public.floor_evaluate_alerts(timestamptz) from public, anon, authenticated;
grant execute on function public.floor_evaluate_alerts(timestamptz) to service_role;
revoke all on function public.floor_alert_event_actor() from public, anon, authenticated, service_role;
revoke all on function public.floor_alert_reopen_guard() from public, anon, authenticated, service_role;
