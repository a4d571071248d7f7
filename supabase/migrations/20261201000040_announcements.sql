-- Announcements: a supervisor's message to every wall display of the org, shown as a banner for its
-- duration. Members may not write broadcasts on the private org channel (decision 13), so the message goes
-- out through this function: it checks the caller is a supervisor or admin of the org, bounds the text and
-- the duration, and sends it with realtime.send() to `floor:<org id>`, where the channel's policies decide
-- who receives it. Nothing is stored: an announcement lives as long as its banner.
create or replace function public.floor_announce(p_org_id uuid, p_text text, p_minutes integer)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  body text := btrim(coalesce(p_text, ''));
  sent timestamptz := clock_timestamp();
  msg jsonb;
begin
  if not public.is_member(p_org_id, array['supervisor', 'admin']) then
    raise exception 'only supervisors and admins of this organisation may announce' using errcode = '42501';
  end if;
  if body = '' then
    raise exception 'an announcement needs a message' using errcode = '22023';
  end if;
  if length(body) > 280 then
    raise exception 'an announcement is at most 280 characters, got %', length(body) using errcode = '22001';
  end if;
  if p_minutes is null or p_minutes < 1 or p_minutes > 240 then
    raise exception 'an announcement shows for 1 to 240 minutes, got %', p_minutes using errcode = '22023';
  end if;
  msg := jsonb_build_object(
    'id', gen_random_uuid(),
    'text', body,
    'from', (select u.email from auth.users u where u.id = auth.uid()),
    'sent_at', to_char(sent at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'until', to_char((sent + make_interval(mins => p_minutes)) at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  );
  perform realtime.send(msg, 'announcement', 'floor:' || p_org_id, true);
  return msg;
end $$;

revoke all on function public.floor_announce(uuid, text, integer) from public, anon, authenticated;
grant execute on function public.floor_announce(uuid, text, integer) to authenticated;
