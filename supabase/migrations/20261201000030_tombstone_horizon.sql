-- The tombstone horizon: how far each org's tombstones of each table have been pruned. Deletes are seen by
-- a console catching up through their tombstones; once a tombstone is pruned, a console that was away
-- since before it can no longer learn of that delete incrementally and must reload the table in full.
-- Consoles read this table at the start of every incremental catch-up. It is maintained by a trigger on
-- public.tombstones, so every pruning path (the embedded simulator, a pg_cron job, a manual delete) moves
-- it; public.floor_prune_tombstones() is the pruning a real project can schedule.

create table public.tombstone_horizons (
  org_id uuid not null references public.orgs (id) on delete cascade,
  table_name text not null,
  -- Every tombstone of (org, table) with seq <= pruned_through may be gone.
  pruned_through bigint not null,
  pruned_at timestamptz not null default now(),
  primary key (org_id, table_name)
);

alter table public.tombstone_horizons enable row level security;
create policy tombstone_horizons_read on public.tombstone_horizons
  for select to authenticated using (public.is_member(org_id));
revoke all on public.tombstone_horizons from anon, authenticated, service_role;
grant select on public.tombstone_horizons to authenticated, service_role;

create or replace function public.floor_advance_horizon() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.tombstone_horizons as h (org_id, table_name, pruned_through, pruned_at)
  select g.org_id, g.table_name, max(g.seq), now()
    from gone g
   where exists (select 1 from public.orgs o where o.id = g.org_id)
   group by g.org_id, g.table_name
  on conflict (org_id, table_name) do update
    set pruned_through = greatest(h.pruned_through, excluded.pruned_through),
        pruned_at = excluded.pruned_at;
  return null;
end $$;

create trigger floor_advance_horizon after delete on public.tombstones
  referencing old table as gone for each statement execute function public.floor_advance_horizon();

-- Deletes tombstones older than `p_keep` (all orgs), moving the horizon. Schedule it on a real project, e.g.
--   select cron.schedule('floorwatch-prune-tombstones', '*/10 * * * *',
--                        $$select public.floor_prune_tombstones(interval '1 hour')$$);
create or replace function public.floor_prune_tombstones(p_keep interval) returns bigint
language plpgsql security definer set search_path = '' as $$
declare n bigint;
begin
  delete from public.tombstones where deleted_at < now() - p_keep;
  get diagnostics n = row_count;
  return n;
end $$;
revoke all on function public.floor_prune_tombstones(interval) from public, anon, authenticated;
grant execute on function public.floor_prune_tombstones(interval) to service_role;

-- A full snapshot's mark: the stream's sequence as it stands, read before the snapshot's rows. Rows a
-- console holds at or below it that the snapshot lacks were deleted (or are no longer visible), even when
-- their tombstones are long pruned.
create or replace function public.floor_seq_mark() returns bigint
language sql stable security definer set search_path = '' as $$
  select last_value from public.floor_seq
$$;
revoke all on function public.floor_seq_mark() from public, anon, service_role;
grant execute on function public.floor_seq_mark() to authenticated;
