// What the migrations promise, whichever Postgres they run on: the same test bodies run on the embedded
// database (PGlite with its shims) and on a PostgreSQL 15 cluster prepared like a hosted project. Grants decide
// what each API role may touch at all, RLS which rows; the org channel's policies on realtime.messages, the
// server tick, realtime.send and the auth helpers behave as on hosted Supabase.
import { beforeAll, afterAll, describe, expect, it } from 'vitest'
import { databaseContractRealtime } from './database-contract-realtime'
import {
  EXPECTED_PRIVILEGES,
  ORG_A,
  ORG_B,
  PROJECT_OBJECTS,
  USERS,
  feed,
  member,
  outcome,
  type DatabaseUnderTest,
} from './database-contract-fixture'

export type { Claims, Row } from './database-contract-fixture'

export function databaseContract(open: () => Promise<DatabaseUnderTest>): void {
  let db: DatabaseUnderTest
  let alertId: string
  let callId: string

  beforeAll(async () => {
    db = await open()
    for (const [name, id] of Object.entries(USERS)) {
      await db.admin('insert into auth.users (id, email) values ($1, $2)', [id, `${name}@example.test`])
    }
    // A telephony feed's service provisions the orgs and writes the floor, as service_role.
    await db.as(feed, `insert into public.orgs (id, name) values ($1, 'A'), ($2, 'B')`, [ORG_A, ORG_B])
    await db.as(
      feed,
      `insert into public.memberships (org_id, user_id, role) values
         ($1, $3, 'supervisor'), ($1, $4, 'wallboard'), ($1, $5, 'admin'), ($2, $6, 'supervisor')`,
      [ORG_A, ORG_B, USERS.supA, USERS.wallA, USERS.adminA, USERS.supB],
    )
    await db.as(feed, `insert into public.agents (org_id, name) values ($1, 'Ada'), ($2, 'Bob')`, [
      ORG_A,
      ORG_B,
    ])
    callId = String(
      (await db.as(feed, `insert into public.calls (org_id) values ($1) returning id::text`, [ORG_A]))[0]!.id,
    )
    alertId = String(
      (
        await db.as(
          feed,
          `insert into public.alerts (org_id, severity, title) values ($1, 'critical', 'Queue wait') returning id::text`,
          [ORG_A],
        )
      )[0]!.id,
    )
  }, 120_000)
  afterAll(() => db?.close())

  describe('grants and row-level security', () => {
    it('shows a member its own org only', async () => {
      const names = (sub: string, table: string) =>
        db.as(member(sub), `select name from public.${table} order by name`).then((r) => r.map((x) => x.name))
      expect(await names(USERS.supA, 'agents')).toEqual(['Ada'])
      expect(await names(USERS.supB, 'agents')).toEqual(['Bob'])
      expect(await names(USERS.wallA, 'orgs')).toEqual(['A'])
      expect(await names(USERS.stranger, 'orgs')).toEqual([])
      const seen = await db.as(member(USERS.supA), 'select user_id::text from public.memberships')
      expect(seen.map((r) => r.user_id)).toEqual([USERS.supA])
    })

    it('gives anon no table at all, only the clock', async () => {
      expect(await outcome(db.as({ role: 'anon' }, 'select * from public.queues'))).toBe(
        '42501: permission denied for table queues',
      )
      expect(await outcome(db.as({ role: 'anon' }, 'select public.server_time()'))).toBe('ok')
      expect(
        await outcome(db.as({ role: 'anon' }, `select public.alert_action($1::uuid, 'ack')`, [alertId])),
      ).toBe('42501: permission denied for function alert_action')
    })

    it('lets a wallboard read but never write', async () => {
      const wall = member(USERS.wallA)
      expect(await outcome(db.as(wall, `update public.calls set status = 'active'`))).toBe(
        '42501: permission denied for table calls',
      )
      expect(
        await outcome(db.as(wall, `insert into public.queues (org_id, name) values ($1, 'X')`, [ORG_A])),
      ).toBe('42501: new row violates row-level security policy for table "queues"')
      expect(await outcome(db.as(wall, `select public.alert_action($1::uuid, 'ack')`, [alertId]))).toBe(
        '42501: only supervisors and admins may act on alerts',
      )
    })

    it('lets admins configure the centre and nobody else', async () => {
      expect(
        await outcome(
          db.as(member(USERS.adminA), `insert into public.queues (org_id, name) values ($1, 'Sales')`, [
            ORG_A,
          ]),
        ),
      ).toBe('ok')
      expect(
        await outcome(
          db.as(member(USERS.supA), `insert into public.queues (org_id, name) values ($1, 'Sales')`, [ORG_A]),
        ),
      ).toMatch(/^42501: new row violates row-level security policy/)
    })

    it('applies alert_action once per client event id, and hides other orgs’ alerts', async () => {
      const event = '0000e0e0-0000-4000-8000-000000000000'
      const act = (sub: string) =>
        db.as(
          member(sub),
          `select status, acknowledged_by::text from public.alert_action($1::uuid, 'ack', null, null, $2::uuid)`,
          [alertId, event],
        )
      expect(await act(USERS.supA)).toEqual([{ status: 'acknowledged', acknowledged_by: USERS.supA }])
      expect(await act(USERS.supA)).toEqual([{ status: 'acknowledged', acknowledged_by: USERS.supA }])
      const events = await db.admin(
        'select count(*)::int as n from public.alert_events where client_event_id = $1',
        [event],
      )
      expect(events[0]!.n).toBe(1)
      expect(await outcome(act(USERS.supB))).toBe(`PT404: alert ${alertId} not found`)
    })

    it('leaves a tombstone a member of the org can read when the feed deletes a row', async () => {
      const before = await db.admin('select seq::text from public.calls where id = $1', [callId])
      expect(await outcome(db.as(feed, 'delete from public.calls where id = $1', [callId]))).toBe('ok')
      const read = (sub: string) =>
        db.as(member(sub), 'select table_name, seq::text from public.tombstones where row_id = $1', [callId])
      const [stone] = await read(USERS.supA)
      expect(stone?.table_name).toBe('calls')
      expect(BigInt(String(stone!.seq))).toBeGreaterThan(BigInt(String(before[0]!.seq)))
      expect(await read(USERS.supB)).toEqual([])
    })

    it('lets a telephony feed write the floor, and not what only triggers and members do', async () => {
      const [agent] = await db.as(feed, `select id::text from public.agents where org_id = $1`, [ORG_A])
      const writes = [
        [
          `insert into public.agent_sessions (org_id, agent_id, status) values ($1, $2, 'available')`,
          [ORG_A, agent!.id],
        ],
        [`insert into public.calls (org_id, status) values ($1, 'ringing')`, [ORG_A]],
        [`update public.agents set team = 'EU' where org_id = $1`, [ORG_A]],
        [`insert into public.monitors (org_id, name) values ($1, 'SIP trunk')`, [ORG_A]],
        [`select public.floor_set_delivery('postgres_changes')`, []],
      ] as const
      for (const [sql, params] of writes) expect(await outcome(db.as(feed, sql, [...params])), sql).toBe('ok')
      expect(
        await outcome(
          db.as(
            feed,
            `insert into public.tombstones (seq, org_id, table_name, row_id) values (1, $1, 'x', $1)`,
            [ORG_A],
          ),
        ),
      ).toBe('42501: permission denied for table tombstones')
      expect(await outcome(db.as(feed, `select nextval('public.floor_seq')`))).toBe(
        '42501: permission denied for sequence floor_seq',
      )
    })

    it('gives campaign money a currency: the org’s unless the campaign names its own', async () => {
      await db.as(feed, `update public.orgs set currency = 'EUR' where id = $1`, [ORG_B])
      const insert = (org: string, extra = '', value = '') =>
        db.as(
          feed,
          `insert into public.campaigns (org_id, name${extra}) values ($1, 'Win-back'${value}) returning currency`,
          [org],
        )
      expect(await insert(ORG_A)).toEqual([{ currency: 'USD' }])
      expect(await insert(ORG_B)).toEqual([{ currency: 'EUR' }])
      expect(await insert(ORG_B, ', currency', ", 'GBP'")).toEqual([{ currency: 'GBP' }])
      expect(await outcome(insert(ORG_A, ', currency', ", 'eur'"))).toMatch(
        /^23514: .*campaigns_currency_iso4217/,
      )
      expect(
        await outcome(db.as(feed, `update public.orgs set currency = 'Euro' where id = $1`, [ORG_A])),
      ).toMatch(/^23514: .*orgs_currency_iso4217/)
      // Members read it with the row; they do not set it.
      const seen = await db.as(member(USERS.supB), 'select currency from public.campaigns order by currency')
      expect(seen).toEqual([{ currency: 'EUR' }, { currency: 'GBP' }])
      expect(await outcome(db.as(member(USERS.adminA), `update public.campaigns set currency = 'JPY'`))).toBe(
        '42501: permission denied for table campaigns',
      )
    })

    it('grants each API role exactly its share of public', async () => {
      const rows = await db.admin(`
        select r.rolname as role, c.relname as object, p.priv
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          cross join (values ('anon'), ('authenticated'), ('service_role')) r(rolname)
          cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(priv)
         where n.nspname = 'public' and c.relkind in ('r', 'p', 'v') and has_table_privilege(r.rolname, c.oid, p.priv)
        union all
        select r.rolname, c.relname, 'USAGE'
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          cross join (values ('anon'), ('authenticated'), ('service_role')) r(rolname)
         where n.nspname = 'public' and c.relkind = 'S' and has_sequence_privilege(r.rolname, c.oid, 'USAGE')
        union all
        select r.rolname, f.proname || '()', 'EXECUTE'
          from pg_proc f join pg_namespace n on n.oid = f.pronamespace
          cross join (values ('anon'), ('authenticated'), ('service_role')) r(rolname)
         where n.nspname = 'public' and has_function_privilege(r.rolname, f.oid, 'EXECUTE')`)
      const got: Record<string, string[]> = {}
      for (const r of rows) (got[`${String(r.role)} ${String(r.object)}`] ??= []).push(String(r.priv))
      for (const k of Object.keys(got)) got[k] = got[k]!.sort().join(',') as never
      expect(got).toEqual(EXPECTED_PRIVILEGES)
    })
  })

  describe('the schema', () => {
    it('puts nothing in public but the project’s own objects, every function with a fixed search_path', async () => {
      const objects = await db.admin(`
        select c.relname as name from pg_class c
         where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        union all
        select p.proname || '()' || coalesce(' ' || array_to_string(p.proconfig, ','), ' (no settings)')
          from pg_proc p where p.pronamespace = 'public'::regnamespace
        order by 1`)
      expect(objects.map((r) => r.name)).toEqual([...PROJECT_OBJECTS].sort())
    })

    it('belongs to the migration owner, which is not a superuser but bypasses RLS', async () => {
      const owners = await db.admin(`
        select distinct r.rolsuper as super, r.rolbypassrls as bypassrls from pg_class c
          join pg_roles r on r.oid = c.relowner where c.relnamespace = 'public'::regnamespace
        union
        select distinct r.rolsuper, r.rolbypassrls from pg_proc p
          join pg_roles r on r.oid = p.proowner where p.pronamespace = 'public'::regnamespace`)
      expect(owners).toEqual([{ super: false, bypassrls: true }])
    })
  })

  databaseContractRealtime(() => db)
}
