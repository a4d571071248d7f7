// What the migrations promise, whichever Postgres they run on: the same test bodies run on the embedded
// database (PGlite with its shims) and on a PostgreSQL 15 cluster prepared like a hosted project. Grants decide
// what each API role may touch at all, RLS which rows; the org channel's policies on realtime.messages, the
// server tick, realtime.send and the auth helpers behave as on hosted Supabase.
import { beforeAll, afterAll, describe, expect, it } from 'vitest'

export type Row = Record<string, unknown>
export type Claims = { role: string; [claim: string]: unknown }

export interface DatabaseUnderTest {
  /** As the platform's superuser: test data, inspection. */
  admin(sql: string, params?: unknown[]): Promise<Row[]>
  /** One committed transaction as an API role with these claims, as PostgREST runs a request. */
  as(claims: Claims, sql: string, params?: unknown[], settings?: Record<string, string>): Promise<Row[]>
  close(): Promise<void>
}

export interface ContractOptions {
  /** PGlite cannot interrupt a statement; a real server enforces the per-role statement_timeout. */
  enforcesTimeouts: boolean
}

const ORG_A = '0000000a-0000-4000-8000-000000000000'
const ORG_B = '0000000b-0000-4000-8000-000000000000'
const USERS = {
  supA: '000000a1-0000-4000-8000-000000000000',
  wallA: '000000a2-0000-4000-8000-000000000000',
  adminA: '000000a3-0000-4000-8000-000000000000',
  supB: '000000b1-0000-4000-8000-000000000000',
  stranger: '000000c1-0000-4000-8000-000000000000',
}
const member = (sub: string): Claims => ({ role: 'authenticated', sub, aud: 'authenticated' })
const feed: Claims = { role: 'service_role' }

/** Rejects with the Postgres error code (and message), or resolves with 'ok'. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (err) {
    const e = err as { code?: string; message?: string }
    return `${e.code}: ${e.message}`
  }
}

export function databaseContract(open: () => Promise<DatabaseUnderTest>, o: ContractOptions): void {
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

  describe('the org channel in SQL (policies on realtime.messages)', () => {
    const topic = `floor:${ORG_A}`
    const onTopic = { 'realtime.topic': topic }

    it('lets members read the org topic, nobody else', async () => {
      await db.admin(`select realtime.send('{"text":"hello"}'::jsonb, 'announcement', $1, true)`, [topic])
      const count = (c: Claims) =>
        db
          .as(
            c,
            `select count(*)::int as n from realtime.messages where topic = $1 and event = 'announcement'`,
            [topic],
            onTopic,
          )
          .then((r) => r[0]!.n)
      expect(await count(member(USERS.supA))).toBeGreaterThan(0)
      expect(await count(member(USERS.wallA))).toBeGreaterThan(0)
      expect(await count(member(USERS.supB))).toBe(0)
      expect(await count(member(USERS.stranger))).toBe(0)
      expect(
        await outcome(db.as({ role: 'anon' }, 'select count(*) from realtime.messages', [], onTopic)),
      ).toBe('ok')
    })

    it('lets members announce presence, and nobody but the server write broadcasts', async () => {
      const insert = (c: Claims, extension: string) =>
        outcome(
          db.as(
            c,
            `insert into realtime.messages (topic, extension, private) values ($1, $2, true)`,
            [topic, extension],
            onTopic,
          ),
        )
      expect(await insert(member(USERS.wallA), 'presence')).toBe('ok')
      expect(await insert(member(USERS.supB), 'presence')).toMatch(
        /^42501: new row violates row-level security/,
      )
      expect(await insert(member(USERS.supA), 'broadcast')).toMatch(
        /^42501: new row violates row-level security/,
      )
      // realtime.send runs as its caller: a member's forged tick is dropped with a warning, not sent.
      expect(
        await outcome(
          db.as(member(USERS.supA), `select realtime.send('{"at":"forged"}'::jsonb, 'tick', $1, true)`, [
            topic,
          ]),
        ),
      ).toBe('ok')
      const forged = await db.admin(
        `select count(*)::int as n from realtime.messages where payload ->> 'at' = 'forged'`,
      )
      expect(forged[0]!.n).toBe(0)
    })

    it('sends every org its server tick from floor_server_tick, callable by the server side only', async () => {
      expect((await db.admin('select public.floor_server_tick(5000) as n'))[0]!.n).toBe(2)
      const ticks = await db.as(
        member(USERS.supA),
        `select payload from realtime.messages where topic = $1 and event = 'tick' and private`,
        [topic],
        onTopic,
      )
      expect(ticks[0]!.payload).toMatchObject({ interval_ms: 5000 })
      expect(Date.parse(String((ticks[0]!.payload as Row).at))).toBeGreaterThan(Date.now() - 60_000)
      expect(await outcome(db.as(member(USERS.supA), 'select public.floor_server_tick()'))).toBe(
        '42501: permission denied for function floor_server_tick',
      )
      expect(await outcome(db.as(feed, 'select public.floor_server_tick()'))).toBe('ok')
    })

    it('drops a broadcast for a day without a partition, with a warning rather than an error', async () => {
      const today = `messages_${new Date().toISOString().slice(0, 10).replace(/-/g, '_')}`
      await db.admin(`alter table realtime.messages detach partition realtime.${today}`)
      try {
        expect(
          await outcome(db.admin(`select realtime.send('{"lost":true}'::jsonb, 'x', 'nowhere', true)`)),
        ).toBe('ok')
        expect(
          await outcome(
            db.admin(`insert into realtime.messages (topic, extension) values ('t', 'presence')`),
          ),
        ).toMatch(/^23514: no partition of relation "messages" found for row/)
      } finally {
        await db.admin(`alter table realtime.messages attach partition realtime.${today}
          for values from (current_date) to (current_date + 1)`)
      }
      const lost = await db.admin(
        `select count(*)::int as n from realtime.messages where payload ->> 'lost' = 'true'`,
      )
      expect(lost[0]!.n).toBe(0)
    })
  })

  describe('what Supabase provides around the migrations', () => {
    it('has the auth helpers answer NULL without claims and fail on malformed ones', async () => {
      expect(await db.admin('select auth.jwt() is null as jwt, auth.uid() is null as uid')).toEqual([
        { jwt: true, uid: true },
      ])
      expect(await outcome(db.as({ role: 'authenticated', sub: 'not-a-uuid' }, 'select auth.uid()'))).toMatch(
        /^22P02: invalid input syntax for type uuid/,
      )
      const [row] = await db.as(
        member(USERS.supA),
        `select auth.uid()::text as uid, auth.jwt() ->> 'role' as role`,
      )
      expect(row).toEqual({ uid: USERS.supA, role: 'authenticated' })
    })

    it('gives the API roles their short statement timeouts', async () => {
      const timeout = (role: string) =>
        db.as({ role }, `select current_setting('statement_timeout') as t`).then((r) => r[0]!.t)
      expect(await timeout('anon')).toBe('3s')
      expect(await timeout('authenticated')).toBe('8s')
      if (o.enforcesTimeouts) {
        expect(await outcome(db.as({ role: 'anon' }, 'select pg_sleep(3.5)'))).toBe(
          '57014: canceling statement due to statement timeout',
        )
      }
    }, 20_000)
  })
}

const T = 'SELECT'
const RW = 'DELETE,INSERT,SELECT,UPDATE'
const FEED_TABLES = [
  'agent_sessions',
  'agents',
  'alert_events',
  'alert_rules',
  'alerts',
  'calls',
  'campaigns',
  'heartbeats',
  'memberships',
  'monitors',
  'orgs',
  'queues',
  'wallboard_profiles',
]
const ADMIN_TABLES = ['alert_rules', 'monitors', 'queues', 'wallboard_profiles']

/** Anon: the clock. Authenticated: read everything, admins' tables writable (RLS), the member helpers. */
export const EXPECTED_PRIVILEGES: Record<string, string> = {
  'anon server_time()': 'EXECUTE',
  'authenticated server_time()': 'EXECUTE',
  'service_role server_time()': 'EXECUTE',
  'authenticated is_member()': 'EXECUTE',
  'authenticated floor_topic_org()': 'EXECUTE',
  'authenticated alert_action()': 'EXECUTE',
  'service_role floor_set_delivery()': 'EXECUTE',
  'service_role floor_server_tick()': 'EXECUTE',
  'authenticated tombstones': T,
  'service_role tombstones': T,
  ...Object.fromEntries(FEED_TABLES.map((t) => [`service_role ${t}`, RW])),
  ...Object.fromEntries(FEED_TABLES.map((t) => [`authenticated ${t}`, ADMIN_TABLES.includes(t) ? RW : T])),
}

const FUNCTIONS = [
  'alert_action',
  'floor_broadcast_change',
  'floor_server_tick',
  'floor_set_delivery',
  'floor_tombstone',
  'floor_topic_org',
  'floor_touch',
  'is_member',
  'server_time',
]
/** Tables, the sequence, and each function with its settings: all of public, nothing from the platform. */
const PROJECT_OBJECTS = [
  ...FEED_TABLES,
  'tombstones',
  'floor_seq',
  ...FUNCTIONS.map((f) => `${f}() search_path=""`),
]
