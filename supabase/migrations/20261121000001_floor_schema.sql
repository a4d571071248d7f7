-- Floorwatch schema. Valid on a real Supabase project (`supabase db push`) and applied unchanged by the
-- embedded backend. Every streamed table carries `seq` (one global sequence, bumped on insert and
-- update) and `updated_at`; deletes leave a tombstone; REPLICA IDENTITY FULL; published to Realtime.

create sequence if not exists public.floor_seq;

-- Organisations and who belongs to them ------------------------------------------------------------
create table public.orgs (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create table public.memberships (
  org_id uuid not null references public.orgs (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('supervisor', 'wallboard', 'admin')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_idx on public.memberships (user_id);

-- Is the signed-in user a member of `org` (optionally with one of `roles`)? security definer so that
-- policies on other tables can consult memberships without recursing into its own policy.
create or replace function public.is_member(org uuid, roles text[] default null)
returns boolean language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships m
     where m.org_id = org and m.user_id = auth.uid() and (roles is null or m.role = any (roles)))
$$;

-- Stream bookkeeping -------------------------------------------------------------------------------
create or replace function public.floor_touch() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  new.seq := nextval('public.floor_seq');
  new.updated_at := now();
  return new;
end $$;

create table public.tombstones (
  seq bigint primary key,
  org_id uuid not null,
  table_name text not null,
  row_id uuid not null,
  deleted_at timestamptz not null default now()
);
create index tombstones_org_seq_idx on public.tombstones (org_id, table_name, seq);

create or replace function public.floor_tombstone() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.tombstones (seq, org_id, table_name, row_id)
  values (nextval('public.floor_seq'), old.org_id, tg_table_name, old.id);
  return old;
end $$;

-- The floor -----------------------------------------------------------------------------------------
create table public.queues (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  name text not null,
  sla_target_seconds integer not null default 20 check (sla_target_seconds > 0),
  sla_target_percent numeric(5, 2) not null default 80 check (sla_target_percent between 0 and 100),
  time_zone text not null default 'UTC',
  daily_reset_time time not null default '00:00',
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table public.agents (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  user_id uuid references auth.users (id) on delete set null,
  name text not null,
  team text,
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table public.campaigns (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  name text not null,
  status text not null default 'active' check (status in ('draft', 'active', 'paused', 'completed')),
  dial_target integer not null default 0 check (dial_target >= 0),
  dialed integer not null default 0 check (dialed >= 0),
  connected integer not null default 0 check (connected >= 0),
  bid numeric(10, 2) not null default 0,
  payout numeric(10, 2) not null default 0,
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table public.calls (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  queue_id uuid references public.queues (id) on delete set null,
  agent_id uuid references public.agents (id) on delete set null,
  campaign_id uuid references public.campaigns (id) on delete set null,
  status text not null default 'queued'
    check (status in ('queued', 'ringing', 'active', 'on_hold', 'wrap_up', 'completed', 'abandoned', 'failed')),
  direction text not null default 'inbound' check (direction in ('inbound', 'outbound')),
  caller_masked text not null default '',
  queued_at timestamptz not null default now(),
  answered_at timestamptz,
  ended_at timestamptz,
  status_changed_at timestamptz not null default now(),
  hold_seconds integer not null default 0,
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);
create index calls_org_status_idx on public.calls (org_id, status);

create table public.agent_sessions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  agent_id uuid not null references public.agents (id) on delete cascade,
  status text not null default 'offline' check (status in ('available', 'on_call', 'wrap_up', 'break', 'offline')),
  status_since timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  instance_id text,
  current_call_id uuid references public.calls (id) on delete set null,
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table public.monitors (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  name text not null,
  kind text not null default 'http' check (kind in ('http', 'sip', 'tcp', 'database', 'dns')),
  target text not null default '',
  status text not null default 'pending' check (status in ('up', 'down', 'degraded', 'pending', 'paused')),
  interval_seconds integer not null default 30 check (interval_seconds > 0),
  last_ping_ms integer,
  last_checked_at timestamptz,
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table public.heartbeats (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  monitor_id uuid not null references public.monitors (id) on delete cascade,
  status text not null check (status in ('up', 'down', 'degraded')),
  ping_ms integer,
  message text,
  checked_at timestamptz not null default now(),
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);
create index heartbeats_monitor_idx on public.heartbeats (monitor_id, checked_at desc);

-- Alerts ---------------------------------------------------------------------------------------------
create table public.alert_rules (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  name text not null,
  kind text not null check (kind in ('queue_wait', 'service_level', 'abandon_rate', 'monitor_down', 'agent_idle', 'queue_depth')),
  threshold numeric not null,
  severity text not null default 'warning' check (severity in ('info', 'warning', 'critical')),
  enabled boolean not null default true,
  params jsonb not null default '{}',
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table public.alerts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  rule_id uuid references public.alert_rules (id) on delete set null,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  title text not null,
  body text not null default '',
  source_table text,
  source_id uuid,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'snoozed', 'resolved')),
  raised_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  snoozed_until timestamptz,
  resolved_at timestamptz,
  resolved_by uuid,
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);
create index alerts_org_status_idx on public.alerts (org_id, status);

create table public.alert_events (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  alert_id uuid not null references public.alerts (id) on delete cascade,
  kind text not null check (kind in ('raise', 'ack', 'snooze', 'resolve', 'note', 'reopen')),
  actor uuid,
  comment text check (comment is null or length(comment) <= 2000),
  snooze_until timestamptz,
  -- Idempotency key from the console's outbox: a replayed action is applied once.
  client_event_id uuid unique,
  at timestamptz not null default now(),
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);
create index alert_events_alert_idx on public.alert_events (alert_id, at);

create table public.wallboard_profiles (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  name text not null,
  layout jsonb not null default '{}',
  rotation_seconds integer not null default 0 check (rotation_seconds >= 0),
  seq bigint not null default 0,
  updated_at timestamptz not null default now()
);

-- seq / updated_at / tombstones / replica identity / publication for every streamed table -----------
do $$
declare t text;
begin
  foreach t in array array['queues', 'agents', 'campaigns', 'calls', 'agent_sessions', 'monitors', 'heartbeats',
                           'alert_rules', 'alerts', 'alert_events', 'wallboard_profiles'] loop
    execute format('create index %I on public.%I (org_id, seq)', t || '_org_seq_idx', t);
    execute format('create trigger floor_touch before insert or update on public.%I for each row execute function public.floor_touch()', t);
    execute format('create trigger floor_tombstone after delete on public.%I for each row execute function public.floor_tombstone()', t);
    execute format('alter table public.%I replica identity full', t);
    execute format('alter publication supabase_realtime add table public.%I', t);
  end loop;
end $$;

-- Row-level security: a user sees only the orgs they belong to; wallboards only read. --------------
alter table public.orgs enable row level security;
alter table public.memberships enable row level security;
alter table public.tombstones enable row level security;

create policy orgs_read on public.orgs for select to authenticated using (public.is_member(id));
create policy memberships_read on public.memberships for select to authenticated
  using (user_id = auth.uid() or public.is_member(org_id, array['admin']));
create policy tombstones_read on public.tombstones for select to authenticated using (public.is_member(org_id));

do $$
declare t text;
begin
  foreach t in array array['queues', 'agents', 'campaigns', 'calls', 'agent_sessions', 'monitors', 'heartbeats',
                           'alert_rules', 'alerts', 'alert_events', 'wallboard_profiles'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('create policy %I on public.%I for select to authenticated using (public.is_member(org_id))', t || '_read', t);
  end loop;
end $$;

-- Admins configure the centre.
do $$
declare t text;
begin
  foreach t in array array['queues', 'alert_rules', 'monitors', 'wallboard_profiles'] loop
    execute format($p$create policy %I on public.%I for all to authenticated
      using (public.is_member(org_id, array['admin'])) with check (public.is_member(org_id, array['admin']))$p$, t || '_admin', t);
  end loop;
end $$;

-- Nobody but the server and the functions below writes the operational tables. Projects created before
-- 2026 granted the API roles everything in public through default privileges; take back what nobody needs
-- (20261201000010_explicit_grants then grants each role exactly its share; RLS is the second line).
revoke all on all tables in schema public from anon;
revoke insert, update, delete on public.alerts, public.alert_events, public.calls, public.agent_sessions,
  public.heartbeats, public.campaigns, public.agents, public.tombstones, public.memberships, public.orgs
  from authenticated;
revoke usage on sequence public.floor_seq from anon, authenticated;
