-- Queue rules read today's figures from public.queue_intervals (20261203000020) plus the calls still in
-- progress, as the console does, so "today" means the whole day even though finished calls are kept for an
-- hour only. And a rule may judge a recent window instead of the whole day:
--
--   params.window_minutes   service_level and abandon_rate over the calls queued since the start of the quarter
--                           hour `window_minutes` ago (so 30 covers the last 30 to 45 minutes), instead of since
--                           the queue's daily reset. A day's figure moves slowly by the afternoon; a recent
--                           window shows a queue in trouble now. 1 to 1440; anything else means today.
--
-- Today starts at the queue's daily reset in its zone, at quarter-hour granularity (a reset at 06:10 counts
-- from 06:00); resets on the quarter hour, the usual case, are exact.

create or replace function public.floor_alert_queue_breaches(p_now timestamptz)
returns table (org_id uuid, rule_id uuid, subject text, value numeric, title text, body text,
               source_table text, source_id uuid)
language sql stable security definer set search_path = '' as $$
  with r as (
    select r.*, case when r.params ->> 'window_minutes' ~ '^[0-9]{1,4}$'
                          and (r.params ->> 'window_minutes')::integer between 1 and 1440
                     then (r.params ->> 'window_minutes')::integer end as window_minutes
      from public.alert_rules r
     where r.enabled and r.kind in ('queue_wait', 'service_level', 'abandon_rate', 'queue_depth')
  ), m as (
    select r.id, r.org_id, r.kind, r.threshold, r.params, r.window_minutes, q.id as queue_id, q.name as queue_name,
           q.sla_target_seconds,
           date_bin('15 minutes',
                    case when r.window_minutes is not null then p_now - make_interval(mins => r.window_minutes)
                         else (date_trunc('day', (p_now at time zone q.time_zone) - q.daily_reset_time)
                               + q.daily_reset_time) at time zone q.time_zone end,
                    timestamptz '2000-01-01 00:00:00+00') as since
      from r join public.queues q
        on q.org_id = r.org_id and (r.params ->> 'queue_id' is null or r.params ->> 'queue_id' = q.id::text)
  ), f as (
    select m.*, w.waiting, w.longest, i.concluded + l.answered as concluded, i.within + l.within as within,
           i.abandoned
      from m
     cross join lateral (
       select count(*) as waiting, coalesce(extract(epoch from p_now - min(c.queued_at)), 0) as longest
         from public.calls c
        where c.queue_id = m.queue_id and c.direction = 'inbound' and c.status in ('queued', 'ringing')
          and c.queued_at <= p_now) w
     cross join lateral (
       select coalesce(sum(x.answered + x.abandoned), 0) as concluded, coalesce(sum(x.answered_within), 0) as within,
              coalesce(sum(x.abandoned), 0) as abandoned
         from public.queue_intervals x
        where x.queue_id = m.queue_id and x.interval_start >= m.since and x.interval_start <= p_now) i
     cross join lateral (
       select count(*) filter (where c.answered_at is not null) as answered,
              count(*) filter (where c.answered_at is not null
                               and c.answered_at - c.queued_at <= make_interval(secs => m.sla_target_seconds)) as within
         from public.calls c
        where c.queue_id = m.queue_id and c.direction = 'inbound'
          and c.status not in ('completed', 'abandoned', 'failed')
          and c.queued_at >= m.since and c.queued_at <= p_now) l
  ), v as (
    select f.*,
           case when f.concluded > 0 then round(100.0 * f.within / f.concluded, 1) end as sl,
           case when f.concluded > 0 then round(100.0 * f.abandoned / f.concluded, 1) end as ar,
           f.concluded >= coalesce((f.params ->> 'min_calls')::integer, 5) as enough,
           case when f.window_minutes is null then 'today'
                else 'over the last ' || public.floor_alert_duration(f.window_minutes * 60) end as period
      from f
  )
  select v.org_id, v.id, v.queue_id::text, b.value, b.title, b.body, 'queues', v.queue_id
    from v cross join lateral (
      select v.longest as value,
             'Longest wait in ' || v.queue_name || ' over ' || public.floor_alert_duration(v.threshold) as title,
             'A caller has waited ' || public.floor_alert_duration(v.longest) || '.' as body
       where v.kind = 'queue_wait' and v.waiting > 0 and v.longest > v.threshold
      union all
      select v.sl, 'Service level in ' || v.queue_name || ' under ' || v.threshold || ' %',
             'Service level ' || v.period || ' is ' || v.sl || ' % of ' || v.concluded || ' calls.'
       where v.kind = 'service_level' and v.enough and v.sl < v.threshold
      union all
      select v.ar, 'Abandon rate in ' || v.queue_name || ' over ' || v.threshold || ' %',
             'Abandon rate ' || v.period || ' is ' || v.ar || ' % of ' || v.concluded || ' calls.'
       where v.kind = 'abandon_rate' and v.enough and v.ar > v.threshold
      union all
      select v.waiting, 'Calls waiting in ' || v.queue_name || ' over ' || v.threshold,
             v.waiting || ' calls are waiting.'
       where v.kind = 'queue_depth' and v.waiting > v.threshold) b
$$;

revoke all on function public.floor_alert_queue_breaches(timestamptz) from public, anon, authenticated, service_role;
