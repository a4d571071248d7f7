-- The currency of campaign money. `bid` and `payout` are amounts; without a currency a screen can only show
-- "4.50", which a supervisor in a centre working for several markets cannot read. Each organisation has a
-- currency (ISO 4217 code, USD unless set), and each campaign carries its own, taken from its organisation
-- when the campaign is created without one: the campaign's row is what consoles stream, so the amount and
-- its currency always arrive together, and a campaign keeps the currency its amounts were entered in when
-- the organisation's default changes later.
--
-- Grants: new columns of existing tables are covered by the table grants of 20261201000010 (members read
-- both tables; service_role writes them). The trigger function needs no EXECUTE grant to fire.

alter table public.orgs add column currency text not null default 'USD'
  constraint orgs_currency_iso4217 check (currency ~ '^[A-Z]{3}$');

alter table public.campaigns add column currency text
  constraint campaigns_currency_iso4217 check (currency ~ '^[A-Z]{3}$');
update public.campaigns c set currency = o.currency from public.orgs o where o.id = c.org_id;
alter table public.campaigns alter column currency set not null;

create or replace function public.floor_campaign_currency() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.currency is null then
    select o.currency into new.currency from public.orgs o where o.id = new.org_id;
  end if;
  return new;
end $$;
revoke all on function public.floor_campaign_currency() from public, anon, authenticated, service_role;

create trigger floor_campaign_currency before insert on public.campaigns
  for each row execute function public.floor_campaign_currency();
