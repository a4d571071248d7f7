-- The alert evaluator: alert_rules are evaluated where the data lives, by public.floor_evaluate_alerts(), so
-- a real project raises alerts without any simulator. Something calls it every few seconds: the embedded
-- backend's scheduler does; on a real project supabase/optional/alert_evaluator_cron.sql schedules it with
-- pg_cron.
--
--   hysteresis   a condition must hold for the rule's raise_after_seconds before an alert is raised, and be
--                gone for its clear_after_seconds before the alert is resolved; public.alert_conditions
--                remembers each pending (rule, subject) between runs
--   dedupe       one alert open per (rule, subject): alerts.dedupe_key with a unique partial index, so any
--                number of evaluators running at once (two schedulers, a retry) raise exactly one
--   escalation   a critical alert still open (not acknowledged, not snoozed) escalate_after_minutes after it
--                was raised is escalated once: alerts.escalated_at and an 'escalate' event
--   who acted    every alert_events row says who acted: actor_kind 'user' (a member, through alert_action),
--                'system' (this evaluator) or 'service' (a service_role integration); actor_name is the
--                member's name or email as the history shows it

-- Rules: the kinds the evaluator knows, and their durations -----------------------------------------------
alter table public.alert_rules drop constraint if exists alert_rules_kind_check;
alter table public.alert_rules add constraint alert_rules_kind_check check (kind in (
  'queue_wait', 'service_level', 'abandon_rate', 'queue_depth', 'agent_idle', 'agent_break', 'monitor_down',
  'monitor_ping'));
alter table public.alert_rules
  add column raise_after_seconds integer not null default 30
    constraint alert_rules_raise_after_check check (raise_after_seconds between 0 and 86400),
  add column clear_after_seconds integer not null default 60
    constraint alert_rules_clear_after_check check (clear_after_seconds between 0 and 86400),
  add column escalate_after_minutes integer
    constraint alert_rules_escalate_after_check check (escalate_after_minutes between 1 and 10080);
alter table public.alert_rules add constraint alert_rules_threshold_check check (threshold >= 0);

-- Alerts: the dedupe key and the escalation ------------------------------------------------------------------
alter table public.alerts add column dedupe_key text, add column escalated_at timestamptz;
create unique index alerts_open_dedupe_idx on public.alerts (org_id, dedupe_key)
  where dedupe_key is not null and status <> 'resolved';

-- Events: escalation, and who acted ----------------------------------------------------------------------------
alter table public.alert_events drop constraint if exists alert_events_kind_check;
alter table public.alert_events add constraint alert_events_kind_check
  check (kind in ('raise', 'ack', 'snooze', 'resolve', 'note', 'reopen', 'escalate'));
alter table public.alert_events
  add column actor_kind text constraint alert_events_actor_kind_check check (actor_kind in ('user', 'system', 'service')),
  add column actor_name text constraint alert_events_actor_name_check check (length(actor_name) <= 200);

-- Fills actor_kind and actor_name when the writer did not: a member (alert_action records auth.uid()) is a
-- 'user' named from auth.users; no actor is a 'service' (a service_role integration writing directly).
create or replace function public.floor_alert_event_actor() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.actor_kind is null then
    new.actor_kind := case when new.actor is null then 'service' else 'user' end;
  end if;
  if new.actor_name is null and new.actor is not null then
    select left(coalesce(nullif(u.raw_user_meta_data ->> 'name', ''), u.email), 200) into new.actor_name
      from auth.users u where u.id = new.actor;
  end if;
  if new.actor_name is null then
    new.actor_name := case new.actor_kind when 'system' then 'Alert rules' when 'service' then 'Integration' end;
  end if;
  return new;
end $$;
create trigger floor_alert_event_actor before insert on public.alert_events
  for each row execute function public.floor_alert_event_actor();

-- A resolved alert reopened while a newer alert of the same rule and subject is open would be a second open
-- alert for one condition: refuse it with a reason instead of a bare unique violation.
create or replace function public.floor_alert_reopen_guard() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.status = 'resolved' and new.status <> 'resolved' and new.dedupe_key is not null and exists (
    select 1 from public.alerts a where a.org_id = new.org_id and a.dedupe_key = new.dedupe_key
       and a.status <> 'resolved' and a.id <> new.id) then
    raise exception 'a newer alert for the same rule and subject is open'
      using errcode = '23505', hint = 'Act on the open alert instead.';
  end if;
  return new;
end $$;
create trigger floor_alert_reopen_guard before update of status on public.alerts
  for each row execute function public.floor_alert_reopen_guard();

-- Pending conditions between runs ------------------------------------------------------------------------------
create table public.alert_conditions (
  rule_id uuid not null references public.alert_rules (id) on delete cascade,
  -- What the condition is about: a queue, agent session or monitor id.
  subject text not null,
  org_id uuid not null references public.orgs (id) on delete cascade,
  -- Since when the condition holds without a break; null while it does not hold.
  breaching_since timestamptz,
  -- Since when it no longer holds while its alert is open; null while it holds.
  clear_since timestamptz,
  value numeric,
  -- The open alert raised for it, once raised.
  alert_id uuid references public.alerts (id) on delete set null,
  evaluated_at timestamptz not null,
  primary key (rule_id, subject)
);
create index alert_conditions_alert_idx on public.alert_conditions (alert_id);
alter table public.alert_conditions enable row level security;
revoke all on public.alert_conditions from anon, authenticated, service_role;
grant select on public.alert_conditions to service_role;
