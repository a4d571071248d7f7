// The embedded database: the project's migrations, the streamed-table bookkeeping (seq, updated_at,
// tombstones, replica identity, publication) and the committed-change stream, on a real PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { Database, type CapturedChange } from '../../src/main/embedded/db/database'
import { MIGRATIONS_DIR } from '../../src/main/embedded/paths'

const ORG_A = '00000000-0000-4000-8000-00000000000a'
const ORG_B = '00000000-0000-4000-8000-00000000000b'
const USER_A = '00000000-0000-4000-8000-0000000000a1'
const STREAMED = [
  'agent_sessions',
  'agents',
  'alert_events',
  'alert_rules',
  'alerts',
  'calls',
  'campaigns',
  'heartbeats',
  'monitor_rollups',
  'monitors',
  'queue_intervals',
  'queues',
  'wallboard_profiles',
]

let db: Database
const changes: CapturedChange[] = []

beforeAll(async () => {
  db = await Database.open()
  db.onChanges((batch) => changes.push(...batch))
  await db.query(`insert into public.orgs (id, name) values ($1, 'A'), ($2, 'B')`, [ORG_A, ORG_B])
  await db.query(`insert into auth.users (id, email) values ($1, 'a@example.test')`, [USER_A])
  await db.query(`insert into public.memberships (org_id, user_id, role) values ($1, $2, 'supervisor')`, [
    ORG_A,
    USER_A,
  ])
})
afterAll(() => db?.close())

const waitForChanges = async (n: number) => {
  for (let i = 0; i < 200 && changes.length < n; i++) await new Promise((r) => setTimeout(r, 10))
}

describe('migrations', () => {
  it('applies every migration once and records it as the Supabase CLI does', async () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))
    const rows = await db.query<{ version: string }>(
      'select version from supabase_migrations.schema_migrations order by 1',
    )
    expect(rows.rows.map((r) => r.version)).toEqual(files.map((f) => f.split('_')[0]).sort())
    expect(await db.migrate()).toEqual([])
  })

  it('streams every floor table: REPLICA IDENTITY FULL, published, captured', async () => {
    const published = await db.query<{ tablename: string }>(
      "select tablename from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' order by 1",
    )
    expect(published.rows.map((r) => r.tablename)).toEqual([...STREAMED, 'tombstones'].sort())
    for (const table of STREAMED) {
      const info = await db.tableInfo('public', table)
      expect(info, table).toMatchObject({
        replicaIdentity: 'f',
        rlsEnabled: true,
        published: true,
        primaryKey: ['id'],
      })
      expect(info!.columns.map((c) => c.name)).toEqual(
        expect.arrayContaining(['seq', 'updated_at', 'org_id']),
      )
    }
  })
})

describe('seq, updated_at and tombstones', () => {
  it('bumps one global seq on insert and update, and a delete leaves a newer tombstone', async () => {
    const q = await db.query<{ id: string; seq: string }>(
      `insert into public.queues (org_id, name) values ($1, 'Sales') returning id, seq`,
      [ORG_A],
    )
    const { id, seq } = q.rows[0]!
    const m = await db.query<{ seq: string }>(
      `insert into public.monitors (org_id, name) values ($1, 'SIP') returning seq`,
      [ORG_A],
    )
    expect(BigInt(m.rows[0]!.seq)).toBeGreaterThan(BigInt(seq))
    const u = await db.query<{ seq: string }>(
      `update public.queues set name = 'Sales EU' where id = $1 returning seq`,
      [id],
    )
    expect(BigInt(u.rows[0]!.seq)).toBeGreaterThan(BigInt(m.rows[0]!.seq))
    await db.query('delete from public.queues where id = $1', [id])
    const t = await db.query<{ seq: string; table_name: string; org_id: string }>(
      'select seq, table_name, org_id from public.tombstones where row_id = $1',
      [id],
    )
    expect(t.rows).toHaveLength(1)
    expect(t.rows[0]).toMatchObject({ table_name: 'queues', org_id: ORG_A })
    expect(BigInt(t.rows[0]!.seq)).toBeGreaterThan(BigInt(u.rows[0]!.seq))
  })

  it('refuses rows that break the floor rules (status outside the state machine)', async () => {
    await expect(
      db.query(`insert into public.calls (org_id, status) values ($1, 'teleported')`, [ORG_A]),
    ).rejects.toThrow(/calls_status_check/)
  })
})

describe('committed-change stream', () => {
  it('delivers committed changes in commit order with full row images, and nothing from a rollback', async () => {
    changes.length = 0
    await db.pg.transaction(async (tx) => {
      await tx.query(`insert into public.campaigns (org_id, name) values ($1, 'rolled back')`, [ORG_A])
      await tx.rollback()
    })
    const ins = await db.query<{ id: string }>(
      `insert into public.campaigns (org_id, name) values ($1, 'Spring') returning id`,
      [ORG_A],
    )
    const id = ins.rows[0]!.id
    await db.query(`update public.campaigns set dialed = 5 where id = $1`, [id])
    await db.query(`delete from public.campaigns where id = $1`, [id])
    await waitForChanges(4)
    expect(changes.map((c) => [c.table, c.type])).toEqual([
      ['campaigns', 'INSERT'],
      ['campaigns', 'UPDATE'],
      ['campaigns', 'DELETE'],
      ['tombstones', 'INSERT'],
    ])
    expect(changes[3]!.record).toMatchObject({ table_name: 'campaigns', row_id: id })
    expect(changes[1]!.oldRecord).toMatchObject({ id, dialed: 0, name: 'Spring' })
    expect(changes[1]!.record).toMatchObject({ id, dialed: 5 })
    expect(changes[2]!.oldRecord).toMatchObject({ id, dialed: 5 })
    expect(changes[2]!.commitTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(changes.map((c) => c.id)).toEqual([...changes.map((c) => c.id)].sort((a, b) => a - b))
  })
})

describe('row-level security as the caller', () => {
  it('shows a member only their own org, and anon nothing', async () => {
    await db.query(`insert into public.agents (org_id, name) values ($1, 'Ada'), ($2, 'Bob')`, [ORG_A, ORG_B])
    const claims = { role: 'authenticated', sub: USER_A }
    const seen = await db.asRole(claims, (tx) =>
      tx.query<{ name: string }>('select name from public.agents order by name'),
    )
    expect(seen.rows.map((r) => r.name)).toEqual(['Ada'])
    await expect(
      db.asRole({ role: 'anon' }, (tx) => tx.query('select * from public.agents')),
    ).rejects.toThrow(/permission denied/)
    await expect(db.asRole({ role: 'postgres' }, async () => 1)).rejects.toThrow(
      /role "postgres" does not exist/,
    )
  })

  it('lets no signed-in user write operational tables directly', async () => {
    const claims = { role: 'authenticated', sub: USER_A }
    await expect(
      db.asRole(claims, (tx) => tx.query(`insert into public.calls (org_id) values ($1)`, [ORG_A])),
    ).rejects.toThrow(/permission denied/)
  })
})
