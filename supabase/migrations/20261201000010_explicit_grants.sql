-- Explicit grants. Hosted Supabase no longer grants new tables, sequences and functions in `public` to the
-- API roles (new projects since 2026-05-30, every project since 2026-10-30); older projects did, through
-- default privileges of `postgres`. Whichever a project has, these grants end the same: every API role
-- starts from nothing in `public` and gets exactly what it needs. Row-level security stays the second line.
--
--   anon           the clock only (`server_time`), so a console can measure its skew before signing in
--   authenticated  consoles and wall displays: read the floor of their orgs (RLS), act on alerts through
--                  `alert_action`, and admins configure queues, rules, monitors and wallboards (RLS)
--   service_role   a telephony feed's or integration's server: writes the operational tables, provisions
--                  orgs and members, switches the delivery mode, drives the server tick (bypasses RLS)

-- Nothing for anybody, including the EXECUTE that Postgres gives PUBLIC on every new function.
revoke all on all tables in schema public from anon, authenticated, service_role;
revoke all on all sequences in schema public from anon, authenticated, service_role;
revoke all on all functions in schema public from public, anon, authenticated, service_role;
-- Functions this project's owner creates later are not callable by everyone either; each migration that
-- adds one grants it explicitly.
alter default privileges revoke execute on functions from public;

-- The console and the wall displays read their orgs' floor; RLS shows members their orgs only.
grant select on public.orgs, public.memberships, public.tombstones, public.queues, public.agents,
  public.campaigns, public.calls, public.agent_sessions, public.monitors, public.heartbeats, public.alert_rules,
  public.alerts, public.alert_events, public.wallboard_profiles
  to authenticated;
-- Admins configure the centre (policies *_admin); nobody else gets past RLS.
grant insert, update, delete on public.queues, public.alert_rules, public.monitors, public.wallboard_profiles
  to authenticated;

-- A telephony feed's service writes the floor and provisions orgs. Tombstones are written by triggers only.
grant select, insert, update, delete on public.orgs, public.memberships, public.queues, public.agents,
  public.campaigns, public.calls, public.agent_sessions, public.monitors, public.heartbeats, public.alert_rules,
  public.alerts, public.alert_events, public.wallboard_profiles
  to service_role;
grant select on public.tombstones to service_role;
-- public.floor_seq: only the security-definer triggers draw from it.

-- Functions. Policies run as the querying role, so the helpers they call must be executable by it.
grant execute on function public.is_member(uuid, text[]) to authenticated;
grant execute on function public.floor_topic_org(text) to authenticated;
grant execute on function public.alert_action(uuid, text, text, timestamptz, uuid) to authenticated;
grant execute on function public.floor_set_delivery(text) to service_role;
-- Triggers (floor_touch, floor_tombstone, floor_broadcast_change) need no EXECUTE grant to fire.

-- The server's clock, with a fixed search_path like every other function of the project.
alter function public.server_time() set search_path = '';
grant execute on function public.server_time() to anon, authenticated, service_role;
