-- Row-level security once per statement instead of once per row. The read policies called
-- public.is_member(org_id) for every row a query touched: a function call and a membership lookup per row,
-- so a catch-up page of 1,000 calls paid 1,000 of them (20 ms of a 21 ms page on PostgreSQL 15; most of a
-- 150–450 ms page on the embedded backend). They now test `org_id in (select public.member_orgs())`, which
-- Postgres runs once per statement as a hashed subplan, as Supabase's guidance on RLS performance advises
-- (wrap functions in a select; security definer functions for the lookup). The same rows are visible:
-- a member's orgs, none without a signed-in user, none for a null org_id.

create or replace function public.member_orgs() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.org_id from public.memberships m where m.user_id = auth.uid()
$$;
revoke all on function public.member_orgs() from public, anon, authenticated, service_role;
grant execute on function public.member_orgs() to authenticated;

do $$
declare t text;
begin
  foreach t in array array['queues', 'agents', 'campaigns', 'calls', 'agent_sessions', 'monitors', 'heartbeats',
                           'alert_rules', 'alerts', 'alert_events', 'wallboard_profiles', 'queue_intervals',
                           'monitor_rollups', 'tombstones'] loop
    execute format('alter policy %I on public.%I using (org_id in (select public.member_orgs()))', t || '_read', t);
  end loop;
end $$;
alter policy tombstone_horizons_read on public.tombstone_horizons
  using (org_id in (select public.member_orgs()));
alter policy orgs_read on public.orgs using (id in (select public.member_orgs()));
