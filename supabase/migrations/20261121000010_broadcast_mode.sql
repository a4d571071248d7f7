-- Delivery mode `broadcast` (Broadcast from Database), for centres past the postgres_changes limits: every
-- change of a streamed table, and every tombstone, is sent by realtime.broadcast_changes() to the private
-- topic `floor:<org id>`, which only members of the org may join (consoles join it privately in both modes). Consoles receive the same rows as with
-- postgres_changes, without Realtime checking RLS once per change per subscriber.
--
-- The triggers cost a realtime.messages insert per change, so they are installed only when a centre
-- switches:   select public.floor_set_delivery('broadcast');   (back: 'postgres_changes')
-- and the consoles are then started with mode 'broadcast'.

-- `floor:<uuid>` → the uuid; null for any other topic (a policy must never raise on a stranger's topic).
create or replace function public.floor_topic_org(topic text) returns uuid
language sql immutable set search_path = '' as $$
  select case when topic ~ '^floor:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
              then substr(topic, 7)::uuid end
$$;

-- Members receive their org's broadcasts and presence, and may announce their own presence there.
create policy floor_members_receive on realtime.messages for select to authenticated
  using (extension in ('broadcast', 'presence') and public.is_member(public.floor_topic_org(realtime.topic())));
create policy floor_members_presence on realtime.messages for insert to authenticated
  with check (extension = 'presence' and public.is_member(public.floor_topic_org(realtime.topic())));

create or replace function public.floor_broadcast_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  org uuid;
begin
  if tg_op = 'DELETE' then org := old.org_id; else org := new.org_id; end if;
  perform realtime.broadcast_changes('floor:' || org, tg_op, tg_op, tg_table_name, tg_table_schema, new, old);
  return null;
end $$;

create or replace function public.floor_set_delivery(mode text) returns void
language plpgsql security definer set search_path = '' as $$
declare t text;
begin
  if mode not in ('broadcast', 'postgres_changes') then
    raise exception 'unknown delivery mode "%"', mode using errcode = '22023';
  end if;
  foreach t in array array['queues', 'agents', 'campaigns', 'calls', 'agent_sessions', 'monitors', 'heartbeats',
                           'alert_rules', 'alerts', 'alert_events', 'wallboard_profiles', 'tombstones'] loop
    execute format('drop trigger if exists floor_broadcast on public.%I', t);
    if mode = 'broadcast' then
      execute format('create trigger floor_broadcast after insert or update or delete on public.%I
        for each row execute function public.floor_broadcast_change()', t);
    end if;
  end loop;
end $$;

revoke all on function public.floor_set_delivery(text) from public, anon, authenticated;
grant execute on function public.floor_set_delivery(text) to service_role;
revoke all on function public.floor_broadcast_change() from public, anon, authenticated;
