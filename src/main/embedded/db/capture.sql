-- Change capture for the embedded backend. PGlite has no logical decoding, so every table in the
-- supabase_realtime publication gets an AFTER ROW trigger that queues the row images; NOTIFY fires at
-- commit (and never on rollback), and the server drains the queue in commit order.
create schema if not exists _realtime;
revoke all on schema _realtime from public;

create table if not exists _realtime.changes (
  id bigserial primary key,
  schema_name text not null,
  table_name text not null,
  type text not null,
  record jsonb,
  old_record jsonb,
  commit_timestamp timestamptz not null default clock_timestamp()
);

create or replace function _realtime.capture() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into _realtime.changes (schema_name, table_name, type, record, old_record)
  values (
    tg_table_schema, tg_table_name, tg_op,
    case when tg_op = 'DELETE' then null else to_jsonb(new) end,
    case when tg_op = 'INSERT' then null else to_jsonb(old) end
  );
  perform pg_notify('_realtime_changes', '');
  return null;
end $$;

-- Database-originated broadcasts (realtime.send) travel the same queue.
create or replace function _realtime.capture_message() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into _realtime.changes (schema_name, table_name, type, record)
  values ('realtime', 'messages', 'BROADCAST', to_jsonb(new));
  perform pg_notify('_realtime_changes', '');
  return null;
end $$;

drop trigger if exists _realtime_capture on realtime.messages;
create trigger _realtime_capture after insert on realtime.messages
  for each row execute function _realtime.capture_message();

-- Installs the capture trigger on every published table that lacks it; idempotent.
create or replace function _realtime.ensure_capture() returns integer
language plpgsql security definer set search_path = '' as $$
declare
  t record;
  n integer := 0;
begin
  for t in
    select p.schemaname, p.tablename from pg_publication_tables p
    where p.pubname = 'supabase_realtime'
      and not exists (
        select 1 from pg_trigger g
        join pg_class c on c.oid = g.tgrelid
        join pg_namespace ns on ns.oid = c.relnamespace
        where g.tgname = '_realtime_capture' and ns.nspname = p.schemaname and c.relname = p.tablename)
  loop
    execute format(
      'create trigger _realtime_capture after insert or update or delete on %I.%I for each row execute function _realtime.capture()',
      t.schemaname, t.tablename);
    n := n + 1;
  end loop;
  return n;
end $$;

-- Realtime's janitor: realtime.messages partitions from yesterday to three days ahead, and those older than
-- three days dropped (hosted Realtime does this when it connects to a project and then periodically).
create or replace function _realtime.maintain_messages(today date default (now() at time zone 'utc')::date)
returns void language plpgsql security definer set search_path = '' as $$
declare
  d date;
  part text;
begin
  for d in select g::date from generate_series(today - 1, today + 3, interval '1 day') g loop
    part := 'messages_' || to_char(d, 'YYYY_MM_DD');
    if to_regclass('realtime.' || part) is null then
      execute format('create table realtime.%I partition of realtime.messages for values from (%L) to (%L)',
                     part, d, d + 1);
      execute format('alter table realtime.%I owner to supabase_realtime_admin', part);
    end if;
  end loop;
  for part in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'realtime.messages'::regclass and c.relname ~ '^messages_\d{4}_\d\d_\d\d$'
  loop
    if to_date(substr(part, 10), 'YYYY_MM_DD') < today - 3 then
      execute format('drop table realtime.%I', part);
    end if;
  end loop;
end $$;
