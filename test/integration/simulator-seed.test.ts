// The demo seed: what it creates, that running it again changes nothing (also across restarts on a
// persistent data folder), and that its accounts sign in and see only their own organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seedDemo } from '../../src/main/embedded/simulator'
import { client, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend

async function counts(b: Backend, orgId: string): Promise<Record<string, number>> {
  const { rows } = await b.ctx.db.query<Record<string, number>>(
    `select (select count(*) from public.queues where org_id = $1)::int as queues,
            (select count(*) from public.agents where org_id = $1)::int as agents,
            (select count(*) from public.agent_sessions where org_id = $1)::int as sessions,
            (select count(*) from public.monitors where org_id = $1)::int as monitors,
            (select count(*) from public.campaigns where org_id = $1)::int as campaigns,
            (select count(*) from public.alert_rules where org_id = $1)::int as rules,
            (select count(*) from public.wallboard_profiles where org_id = $1)::int as wallboards,
            (select count(*) from public.orgs)::int as orgs,
            (select count(*) from auth.users)::int as users,
            (select count(*) from public.memberships)::int as memberships`,
    [orgId],
  )
  return rows[0]!
}

const lastSeq = async (b: Backend) =>
  Number(
    (await b.ctx.db.query<{ v: string }>('select last_value::text as v from public.floor_seq')).rows[0]!.v,
  )

beforeAll(async () => {
  backend = await testBackend({ seed: 4 })
})
afterAll(async () => {
  await backend?.stop()
})

describe('seedDemo', () => {
  it('creates the demo floor', async () => {
    const demo = backend.demo!
    expect(demo).toMatchObject({ email: 'demo@floorwatch.local', password: 'floorwatch-demo' })
    expect(await counts(backend, demo.orgId)).toEqual({
      queues: 3,
      agents: 40,
      sessions: 40,
      monitors: 4,
      campaigns: 2,
      rules: 8,
      wallboards: 1,
      orgs: 2,
      users: 4,
      memberships: 4,
    })
    const { rows: orgs } = await backend.ctx.db.query<{ name: string }>(
      'select name from public.orgs order by name',
    )
    expect(orgs.map((o) => o.name)).toEqual(['Contoso Support', 'Northwind Contact Centre'])
    const { rows: queues } = await backend.ctx.db.query(
      `select name, sla_target_seconds, sla_target_percent::float as pct, time_zone, daily_reset_time::text as reset
         from public.queues where org_id = $1 order by sla_target_seconds`,
      [demo.orgId],
    )
    expect(queues).toEqual([
      { name: 'Sales', sla_target_seconds: 20, pct: 80, time_zone: 'Europe/London', reset: '00:00:00' },
      { name: 'Support', sla_target_seconds: 30, pct: 80, time_zone: 'America/New_York', reset: '00:00:00' },
      { name: 'Billing', sla_target_seconds: 60, pct: 90, time_zone: 'Asia/Kolkata', reset: '00:00:00' },
    ])
    const { rows: kinds } = await backend.ctx.db.query<{ kind: string }>(
      'select kind from public.alert_rules where org_id = $1 order by kind',
      [demo.orgId],
    )
    expect(kinds.map((k) => k.kind)).toEqual([
      'abandon_rate',
      'agent_break',
      'agent_idle',
      'monitor_down',
      'monitor_ping',
      'queue_depth',
      'queue_wait',
      'service_level',
    ])
    const { rows: roles } = await backend.ctx.db.query<{ email: string; role: string; org: string }>(
      `select u.email, m.role, o.name as org from public.memberships m
         join auth.users u on u.id = m.user_id join public.orgs o on o.id = m.org_id order by u.email`,
    )
    expect(roles).toEqual([
      { email: 'admin@floorwatch.local', role: 'admin', org: 'Northwind Contact Centre' },
      { email: 'demo@floorwatch.local', role: 'supervisor', org: 'Northwind Contact Centre' },
      { email: 'other@floorwatch.local', role: 'supervisor', org: 'Contoso Support' },
      { email: 'wall@floorwatch.local', role: 'wallboard', org: 'Northwind Contact Centre' },
    ])
  })

  it('is idempotent: seeding again returns the same accounts and writes nothing', async () => {
    const before = await counts(backend, backend.demo!.orgId)
    const seq = await lastSeq(backend)
    const again = await seedDemo(backend.ctx, { seed: 4 })
    expect(again).toEqual(backend.demo)
    expect(await counts(backend, backend.demo!.orgId)).toEqual(before)
    expect(await lastSeq(backend)).toBe(seq)
  })

  it('keeps the same demo across restarts on a persistent data folder, whatever seed is given later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floorwatch-seed-'))
    try {
      const first = await testBackend({ dataDir: dir, seed: 5 })
      const account = first.demo!
      const before = await counts(first, account.orgId)
      await first.stop()
      const second = await testBackend({ dataDir: dir, seed: 9 })
      try {
        expect(second.demo).toEqual(account)
        expect(await counts(second, account.orgId)).toEqual(before)
      } finally {
        await second.stop()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('gives accounts that sign in and see only their own organisation', async () => {
    const demo = backend.demo!
    for (const login of [demo, demo.wallboard, demo.other, demo.admin]) {
      const supabase = client(backend)
      const { data, error } = await supabase.auth.signInWithPassword({
        email: login.email,
        password: login.password,
      })
      expect(error).toBeNull()
      const claims = backend.ctx.verify(data.session!.access_token)
      expect(claims.ok && claims.claims.org_ids).toEqual([login.orgId])
      const names = await backend.ctx.db.asRole(claims.ok ? claims.claims : { role: 'anon' }, async (tx) =>
        (await tx.query<{ name: string }>('select name from public.queues order by name')).rows.map(
          (r) => r.name,
        ),
      )
      expect(names).toEqual(login.orgId === demo.orgId ? ['Billing', 'Sales', 'Support'] : ['Support'])
    }
  })
})
