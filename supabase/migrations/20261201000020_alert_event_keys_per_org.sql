-- Idempotency keys are per organisation. client_event_id is the console outbox's key for one action; it was
-- unique across every organisation, so an action in one org could be mistaken for the replay of another
-- org's (and silently dropped), and whether a key existed in another org could be probed. Now a key is
-- unique within its org only, and the replay check looks only there.

alter table public.alert_events drop constraint if exists alert_events_client_event_id_key;
create unique index if not exists alert_events_org_client_event_idx
  on public.alert_events (org_id, client_event_id) where client_event_id is not null;

create or replace function public.alert_action(
  p_alert_id uuid,
  p_kind text,
  p_comment text default null,
  p_snooze_until timestamptz default null,
  p_client_event_id uuid default null
) returns public.alerts
language plpgsql security definer set search_path = '' as $$
declare
  a public.alerts;
begin
  if p_kind not in ('ack', 'snooze', 'resolve', 'note', 'reopen') then
    raise exception 'unknown alert action "%"', p_kind using errcode = '22023';
  end if;
  if p_comment is not null and length(p_comment) > 2000 then
    raise exception 'comment is longer than 2000 characters' using errcode = '22001';
  end if;
  select * into a from public.alerts where id = p_alert_id for update;
  if not found or not public.is_member(a.org_id) then
    raise exception 'alert % not found', p_alert_id using errcode = 'PT404', hint = 'It may have been deleted, or belong to another organisation.';
  end if;
  if not public.is_member(a.org_id, array['supervisor', 'admin']) then
    raise exception 'only supervisors and admins may act on alerts' using errcode = '42501';
  end if;
  -- A replay of an action already applied in this organisation returns the alert as it is now.
  if p_client_event_id is not null and exists (
    select 1 from public.alert_events where org_id = a.org_id and client_event_id = p_client_event_id) then
    return a;
  end if;
  if p_kind = 'snooze' and (p_snooze_until is null or p_snooze_until <= now()) then
    raise exception 'snooze needs a time in the future' using errcode = '22023';
  end if;

  if p_kind = 'ack' and a.status in ('open', 'snoozed') then
    update public.alerts set status = 'acknowledged', acknowledged_at = now(), acknowledged_by = auth.uid(), snoozed_until = null
     where id = a.id returning * into a;
  elsif p_kind = 'snooze' and a.status <> 'resolved' then
    update public.alerts set status = 'snoozed', snoozed_until = p_snooze_until where id = a.id returning * into a;
  elsif p_kind = 'resolve' and a.status <> 'resolved' then
    update public.alerts set status = 'resolved', resolved_at = now(), resolved_by = auth.uid(), snoozed_until = null
     where id = a.id returning * into a;
  elsif p_kind = 'reopen' and a.status = 'resolved' then
    update public.alerts set status = 'open', resolved_at = null, resolved_by = null where id = a.id returning * into a;
  end if;

  insert into public.alert_events (org_id, alert_id, kind, actor, comment, snooze_until, client_event_id)
  values (a.org_id, a.id, p_kind, auth.uid(), p_comment, p_snooze_until, p_client_event_id);
  return a;
end $$;
