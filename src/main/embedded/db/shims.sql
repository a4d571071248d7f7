-- What a hosted Supabase project (2026) provides around Postgres and the Floorwatch migrations rely on.
-- Applied by the embedded backend only, as PGlite's bootstrap superuser (which plays `supabase_admin`), on
-- every open, so each statement is idempotent. Then supabase/migrations run as `project_owner`, which plays
-- hosted `postgres`: a non-superuser with BYPASSRLS (PGlite's superuser is called postgres and cannot be
-- renamed). test/real-postgres/bootstrap.sql prepares a PostgreSQL 15 cluster the same way, with the real
-- role names. Differences from hosted are listed in docs/embedded-backend.md.

-- Roles ------------------------------------------------------------------------------------------------------
do $$
declare r text;
begin
  foreach r in array array['anon', 'authenticated'] loop
    if not exists (select 1 from pg_roles where rolname = r) then execute format('create role %I nologin noinherit', r); end if;
  end loop;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then create role authenticator login noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then create role supabase_auth_admin login noinherit createrole; end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_realtime_admin') then create role supabase_realtime_admin nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'project_owner') then
    create role project_owner login createdb createrole bypassrls;
    -- A data folder older than the owner: its objects in public are adopted at the end of this file.
    perform set_config('floorwatch.adopt_public', 'on', false);
  end if;
end $$;
alter role project_owner nosuperuser bypassrls;
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to project_owner;
-- Hosted Supabase lets `postgres` write policies on realtime.messages through supautils' policy_grants; PGlite
-- has no supautils, so the owner is a member of the role that owns the table instead.
grant supabase_realtime_admin to project_owner;

-- Short statement timeouts for the API roles, as hosted. PostgREST and Realtime apply them per request
-- (Database.asRole does too); PGlite cannot interrupt a running statement, so here they are only set.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';

-- Schema public: the API roles may use it, the owner creates in it. Objects the superuser creates there get
-- the API grants (hosted `supabase_admin` has those default privileges and they cannot be changed); objects
-- the owner creates get none (the 2026 default), so the migrations grant explicitly.
grant usage on schema public to anon, authenticated, service_role;
grant all on schema public to project_owner;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;

-- Auth: the tables GoTrue owns (the embedded Auth server writes them as the superuser) --------------------------
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role, project_owner;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  aud text not null default 'authenticated',
  role text not null default 'authenticated',
  email text unique,
  encrypted_password text,
  email_confirmed_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb not null default '{"provider":"email","providers":["email"]}',
  raw_user_meta_data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now()
);

create table if not exists auth.refresh_tokens (
  token text primary key,
  session_id uuid not null references auth.sessions (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  revoked boolean not null default false,
  parent text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Hosted `postgres` has every right on auth's tables (foreign keys to auth.users need REFERENCES).
grant all on all tables in schema auth to project_owner;

-- GoTrue's helpers, with its semantics: NULL when the request carries no claims, and an error (not NULL)
-- for a malformed claims document or a `sub` that is not a uuid. The legacy per-claim settings win.
create or replace function auth.jwt() returns jsonb language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), ''))::jsonb
$$;
create or replace function auth.uid() returns uuid language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid
$$;
create or replace function auth.role() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text
$$;
create or replace function auth.email() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'))::text
$$;

-- Realtime's schema -----------------------------------------------------------------------------------------
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role, project_owner;

-- realtime.messages carries database broadcasts and is what private-channel policies are written against.
-- Hosted Realtime partitions it by day (`messages_YYYY_MM_DD`); the server creates the partitions from
-- yesterday to three days ahead and drops those older than three days (_realtime.maintain_messages here).
-- A row for a day without a partition has nowhere to go: realtime.send() then drops the broadcast with a
-- warning, and a private join fails with MissingPartition.
do $$
begin
  if exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'realtime' and c.relname = 'messages' and c.relkind = 'r') then
    alter table realtime.messages rename to messages_unpartitioned;
  end if;
end $$;

create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default now(),
  inserted_at timestamp not null default now(),
  id uuid not null default gen_random_uuid(),
  binary_payload bytea,
  primary key (id, inserted_at),
  constraint messages_payload_exclusive check (payload is null or binary_payload is null)
) partition by range (inserted_at);
alter table realtime.messages owner to supabase_realtime_admin;
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to anon, authenticated, service_role, project_owner;

-- A data folder from before partitioning: its policies move to the new table, its rows are dropped.
do $$
declare
  p record;
  stmt text;
begin
  if to_regclass('realtime.messages_unpartitioned') is null then return; end if;
  for p in select * from pg_policies where schemaname = 'realtime' and tablename = 'messages_unpartitioned' loop
    stmt := format('create policy %I on realtime.messages as %s for %s to %s', p.policyname, p.permissive, p.cmd,
                   (select string_agg(quote_ident(r), ', ') from unnest(p.roles) r));
    if p.qual is not null then stmt := stmt || format(' using (%s)', p.qual); end if;
    if p.with_check is not null then stmt := stmt || format(' with check (%s)', p.with_check); end if;
    execute stmt;
  end loop;
  drop table realtime.messages_unpartitioned;
end $$;

-- The topic being authorised: set by Realtime for each policy check, and by realtime.send().
create or replace function realtime.topic() returns text language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;

-- realtime.send: SECURITY INVOKER, so the caller's own grants and policies on realtime.messages decide;
-- any failure (a policy, a missing partition) becomes a WARNING and the broadcast is silently dropped.
-- The payload gets the message id as `id` unless it has one.
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language plpgsql as $$
declare
  message_id uuid := gen_random_uuid();
begin
  begin
    perform set_config('realtime.topic', topic, true);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (message_id,
            case when payload ? 'id' then payload else jsonb_set(payload, '{id}', to_jsonb(message_id)) end,
            event, topic, private, 'broadcast');
  exception when others then
    raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end $$;

-- realtime.broadcast_changes: a row trigger's change as a private broadcast, also SECURITY INVOKER; unlike
-- send() it raises on a bad call.
create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void language plpgsql as $$
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation not in ('INSERT', 'UPDATE', 'DELETE') then
    raise exception 'Unexpected operation type: %', operation;
  end if;
  perform realtime.send(
    jsonb_build_object('old_record', old, 'record', new, 'operation', operation, 'table', table_name,
                       'schema', table_schema),
    event_name, topic_name);
exception when others then
  raise exception 'Failed to process the row: %', sqlerrm;
end $$;
alter function realtime.topic() owner to supabase_realtime_admin;
alter function realtime.send(jsonb, text, text, boolean) owner to supabase_realtime_admin;
alter function realtime.broadcast_changes(text, text, text, text, text, record, record, text) owner to supabase_realtime_admin;

do $$ begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end $$;
-- Hosted `postgres` adds its tables to the publication.
alter publication supabase_realtime owner to project_owner;

-- Where the Supabase CLI records applied migrations.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  statements text[]
);

-- A data folder whose migrations ran as the superuser (before the owner existed): the project's objects in
-- public pass to the owner, as if it had created them. Only then: later, everything there is the owner's doing.
do $$
declare
  o record;
begin
  if coalesce(current_setting('floorwatch.adopt_public', true), '') <> 'on' then return; end if;
  perform set_config('floorwatch.adopt_public', 'off', false);
  for o in
    select c.oid::regclass as rel, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relowner = 'postgres'::regrole and c.relkind in ('r', 'p', 'v', 'm', 'S')
       and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                        and d.deptype in ('a', 'i'))
  loop
    execute format('alter %s %s owner to project_owner',
                   case o.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
                                  else 'table' end, o.rel);
  end loop;
  for o in
    select p.oid::regprocedure as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.proowner = 'postgres'::regrole
  loop
    execute format('alter routine %s owner to project_owner', o.fn);
  end loop;
end $$;
