// The traffic generator against the real database: determinism under a seed, the call state machine as
// seen in the committed change stream, agent/call consistency, campaigns, incidents and their alerts,
// bounded history, and stopping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../src/main/embedded/simulator'
import type { CapturedChange } from '../../src/main/embedded/db/database'
import { eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

const START = Date.parse('2030-01-07T09:00:00Z')
const STEPS = 600
const INCIDENTS = { firstAfterMs: 10_000, everyMs: 35_000, durationMs: 31_000 }
const ALLOWED: Record<string, string[]> = {
  queued: ['ringing', 'abandoned', 'failed'],
  ringing: ['active', 'failed'],
  active: ['on_hold', 'wrap_up', 'failed'],
  on_hold: ['active'],
  wrap_up: ['completed'],
}

let a: Backend
let b: Backend
/** The simulator's own writes; `derived` holds the rollups the database keeps from them (triggers). */
const changes: CapturedChange[] = []
const derived: CapturedChange[] = []
const DERIVED = new Set(['queue_intervals', 'monitor_rollups'])
let simA: Simulator

function run(backend: Backend, seed: number): Simulator {
  return startSimulator(backend.ctx, {
    seed,
    rate: 30,
    fast: true,
    manual: true,
    orgId: backend.demo!.orgId,
    startAt: START,
    incidents: INCIDENTS,
    // A short heartbeat window so that both pruning and the expiry of its tombstones happen in the run.
    history: { heartbeatsMs: 60_000 },
  })
}

const lastSeq = async (backend: Backend) =>
  Number(
    (await backend.ctx.db.query<{ v: string }>('select last_value::text as v from public.floor_seq')).rows[0]!
      .v,
  )

/** Every domain column the simulator writes, as JSON built by Postgres, ordered by id. */
async function snapshot(backend: Backend): Promise<string> {
  const at = new Date(START).toISOString()
  const q = async (sql: string) =>
    JSON.stringify(
      (
        await backend.ctx.db.query<{ j: unknown }>(
          `select coalesce(json_agg(x order by x.id), '[]') as j from (${sql}) x`,
          [at],
        )
      ).rows[0]!.j,
    )
  return [
    await q(`select id, queue_id, agent_id, campaign_id, status, direction, caller_masked, queued_at, answered_at,
                    ended_at, status_changed_at, hold_seconds from public.calls where $1::text is not null`),
    await q(`select id, status, current_call_id, case when last_seen_at >= $1::timestamptz then last_seen_at end as seen
               from public.agent_sessions`),
    await q(
      'select id, monitor_id, status, ping_ms, message, checked_at from public.heartbeats where $1::text is not null',
    ),
    await q(
      'select id, status, dial_target, dialed, connected from public.campaigns where $1::text is not null',
    ),
    await q(`select id, rule_id, severity, title, body, source_table, source_id, status, raised_at, resolved_at
               from public.alerts where $1::text is not null`),
    await q('select id, alert_id, kind, comment, at from public.alert_events where $1::text is not null'),
  ].join('\n')
}

beforeAll(async () => {
  ;[a, b] = await Promise.all([testBackend({ seed: 3 }), testBackend({ seed: 3 })])
  // Only the simulator's changes: the seed's own inserts may still be on their way.
  const seedSeq = await lastSeq(a)
  a.ctx.db.onChanges((batch) => {
    for (const c of batch.filter((c) => c.type === 'DELETE' || Number(c.record?.seq) > seedSeq))
      (DERIVED.has(c.table) ? derived : changes).push(c)
  })
  simA = run(a, 3)
  await simA.step(STEPS)
  // The change stream is delivered after commit; wait until it caught up with the last tick.
  await eventually(() => changes.length >= simA.stats().changes, 10_000, 'the change stream')
}, 120_000)
afterAll(async () => {
  await simA?.stop()
  await a?.stop()
  await b?.stop()
})

describe('determinism', () => {
  it('the same seed writes identical rows; another seed writes different ones', async () => {
    const simB = run(b, 3)
    await simB.step(STEPS)
    const expected = await snapshot(a)
    expect(await snapshot(b)).toBe(expected)
    expect(simB.stats()).toEqual(simA.stats())

    // Same demo floor, another simulator seed: the traffic differs.
    const c = await testBackend({ seed: 3 })
    try {
      const simC = run(c, 4)
      await simC.step(STEPS)
      expect(await snapshot(c)).not.toBe(expected)
    } finally {
      await c.stop()
    }
  }, 120_000)
})

describe('a simulated floor', () => {
  it('moves every call along queued → ringing → active ⇄ on_hold → wrap_up → completed, or abandoned/failed', () => {
    const last = new Map<string, string>()
    const seen = new Set<string>()
    const problems: string[] = []
    for (const change of changes) {
      if (change.table !== 'calls' || change.type === 'DELETE') continue
      const id = change.record!.id as string
      const status = change.record!.status as string
      const before = last.get(id)
      if (change.type === 'INSERT' && status !== 'queued') problems.push(`${id} inserted as ${status}`)
      if (change.type === 'UPDATE' && !(before && ALLOWED[before]?.includes(status))) {
        problems.push(`${id}: ${before} → ${status}`)
      }
      last.set(id, status)
      seen.add(status)
    }
    expect(problems).toEqual([])
    // Every status is taken by some call during the run (which ones are held at its end is chance).
    expect(seen).toEqual(
      new Set(['queued', 'ringing', 'active', 'on_hold', 'wrap_up', 'completed', 'abandoned', 'failed']),
    )
  })

  it('never puts an agent on two calls, and agent and call states agree', async () => {
    const q = async (sql: string) => (await a.ctx.db.query<Record<string, unknown>>(sql)).rows
    expect(
      await q(`select current_call_id from public.agent_sessions where current_call_id is not null
                     group by 1 having count(*) > 1`),
    ).toEqual([])
    expect(
      await q(`select agent_id from public.calls where status in ('ringing', 'active', 'on_hold', 'wrap_up')
                     group by 1 having count(*) > 1`),
    ).toEqual([])
    expect(
      await q(`select c.id from public.calls c left join public.agent_sessions s on s.current_call_id = c.id
                     where c.status in ('ringing', 'active', 'on_hold', 'wrap_up')
                       and (s.agent_id is distinct from c.agent_id
                            or s.status <> case c.status when 'wrap_up' then 'wrap_up' else 'on_call' end)`),
    ).toEqual([])
    const [counts] = await q(`select
        (select count(*) from public.agent_sessions where status = 'on_call')::int as on_call_agents,
        (select count(*) from public.calls where status in ('ringing', 'active', 'on_hold'))::int as talking_calls,
        (select count(*) from public.agent_sessions where status = 'wrap_up')::int as wrap_agents,
        (select count(*) from public.calls where status = 'wrap_up')::int as wrap_calls,
        (select count(*) from public.agent_sessions where current_call_id is null and status in ('on_call', 'wrap_up'))::int as idle_busy`)
    expect(counts!.on_call_agents).toBe(counts!.talking_calls)
    expect(counts!.wrap_agents).toBe(counts!.wrap_calls)
    expect(counts!.idle_busy).toBe(0)
  })

  it('progresses campaigns: dialled and connected match the outbound calls', async () => {
    const { rows } = await a.ctx.db.query<{
      dialed: number
      connected: number
      rang: number
      answered: number
      target: number
    }>(
      `select k.dialed, k.connected, k.dial_target as target,
              (select count(*) from public.calls c where c.campaign_id = k.id and c.agent_id is not null)::int as rang,
              (select count(*) from public.calls c where c.campaign_id = k.id and c.answered_at is not null)::int as answered
         from public.campaigns k where k.org_id = $1`,
      [a.demo!.orgId],
    )
    expect(rows).toHaveLength(2)
    for (const r of rows) {
      expect(r.dialed).toBeGreaterThan(0)
      expect(r.dialed).toBe(r.rang)
      expect(r.connected).toBe(r.answered)
      expect(r.dialed).toBeLessThanOrEqual(r.target)
    }
  })

  it('makes incidents in the data and raises no alert itself (the rules in the database do)', async () => {
    expect(simA.stats().incidents).toBeGreaterThanOrEqual(3)
    const { rows } = await a.ctx.db.query<{ alerts: number; events: number }>(
      `select (select count(*)::int from public.alerts where org_id = $1) as alerts,
              (select count(*)::int from public.alert_events where org_id = $1) as events`,
      [a.demo!.orgId],
    )
    expect(rows[0]).toEqual({ alerts: 0, events: 0 })
    // A failing service's checks time out (the monitor_down rule's evidence).
    const timeouts = changes.filter(
      (c) => c.table === 'heartbeats' && c.type === 'INSERT' && c.record?.message === 'Connection timed out',
    )
    expect(timeouts.length).toBeGreaterThan(0)
  })

  it('pings monitors and keeps heartbeat history, tombstones included, bounded', async () => {
    const count = (table: string, type: string) =>
      changes.filter(
        (c) =>
          c.table === table && c.type === type && (table !== 'tombstones' || tableOf(c) === 'heartbeats'),
      ).length
    const tableOf = (c: CapturedChange) => (c.record ?? c.oldRecord)?.table_name
    const { rows } = await a.ctx.db.query<{ beats: number; oldest: Date; tombstones: number }>(
      `select count(*)::int as beats, min(checked_at) as oldest,
              (select count(*) from public.tombstones where table_name = 'heartbeats')::int as tombstones
         from public.heartbeats`,
    )
    const r = rows[0]!
    expect(count('heartbeats', 'DELETE')).toBeGreaterThan(0)
    expect(r.beats).toBe(count('heartbeats', 'INSERT') - count('heartbeats', 'DELETE'))
    expect(r.oldest.getTime()).toBeGreaterThan(START)
    // Every pruned heartbeat left a tombstone for consoles catching up; the older ones have expired.
    expect(count('tombstones', 'INSERT')).toBe(count('heartbeats', 'DELETE'))
    expect(count('tombstones', 'DELETE')).toBeGreaterThan(0)
    expect(r.tombstones).toBe(count('tombstones', 'INSERT') - count('tombstones', 'DELETE'))
    const monitors = await a.ctx.db.query<{ n: number }>(
      'select count(*)::int as n from public.monitors where org_id = $1 and last_checked_at is not null',
      [a.demo!.orgId],
    )
    expect(monitors.rows[0]!.n).toBe(4)
  })

  it('reports its work and steers toward the target rate', () => {
    const stats = simA.stats()
    expect(stats.ticks).toBe(STEPS)
    expect(stats.errors).toBe(0)
    expect(stats.elapsedMs).toBe(STEPS * 250)
    expect(changes.length).toBe(stats.changes)
    // The rate is a target for the simulated clock: over 150 simulated seconds it lands near 30/s.
    expect(stats.rate).toBeGreaterThan(15)
    expect(stats.rate).toBeLessThan(60)
  })

  it('leaves the database its rollups of what it wrote: every check by hour and day, every finished call', async () => {
    expect(derived.length).toBeGreaterThan(0)
    const beats = changes.filter((c) => c.table === 'heartbeats' && c.type === 'INSERT').length
    const { rows } = await a.ctx.db.query<{ span: string; checks: number }>(
      `select span, sum(checks)::int as checks from public.monitor_rollups where org_id = $1 group by span order by span`,
      [a.demo!.orgId],
    )
    expect(rows).toEqual([
      { span: 'day', checks: beats },
      { span: 'hour', checks: beats },
    ])
    // Each concluded inbound call once, in the quarter hour it was queued in (pruning does not take it back).
    const finished = new Set(
      changes
        .filter(
          (c) =>
            c.table === 'calls' &&
            c.type !== 'DELETE' &&
            c.record!.direction === 'inbound' &&
            ['completed', 'abandoned'].includes(c.record!.status as string),
        )
        .map((c) => c.record!.id as string),
    )
    const offered = await a.ctx.db.query<{ n: number }>(
      'select coalesce(sum(offered), 0)::int as n from public.queue_intervals where org_id = $1',
      [a.demo!.orgId],
    )
    expect(finished.size).toBeGreaterThan(0)
    expect(offered.rows[0]!.n).toBe(finished.size)
  })
})

describe('running on its own', () => {
  it('a later run carries on with the calls in progress and closes the alert its predecessor left open', async () => {
    const floor = await testBackend({ seed: 12 })
    try {
      const options = {
        rate: 30,
        fast: true,
        manual: true,
        orgId: floor.demo!.orgId,
        // One incident that outlives the first run.
        incidents: { firstAfterMs: 1_000, everyMs: 3_600_000, durationMs: 3_600_000 },
      }
      const first = startSimulator(floor.ctx, { seed: 12, ...options, startAt: START })
      await first.step(200)
      await first.stop()
      const q = async (sql: string) => (await floor.ctx.db.query<Record<string, unknown>>(sql)).rows
      // An alert an earlier version of the simulator raised itself, and one the evaluator raised.
      const legacy = `'${floor.demo!.orgId}', 'warning', 'Legacy', null`
      const evaluated = `'${floor.demo!.orgId}', 'warning', 'Evaluated', 'rule/subject'`
      for (const [values, kind] of [
        [legacy, 'service'],
        [evaluated, 'system'],
      ] as const)
        await q(`with a as (insert into public.alerts (org_id, severity, title, dedupe_key) values (${values})
                   returning id, org_id)
                 insert into public.alert_events (org_id, alert_id, kind, actor_kind) select org_id, id, 'raise', '${kind}' from a`)
      const inFlight = await q(
        `select id from public.calls where status in ('ringing', 'active', 'on_hold', 'wrap_up')`,
      )
      expect(inFlight.length).toBeGreaterThan(0)
      expect(await q(`select title from public.alerts where status = 'open' order by title`)).toEqual([
        { title: 'Evaluated' },
        { title: 'Legacy' },
      ])

      const second = startSimulator(floor.ctx, {
        seed: 12,
        ...options,
        startAt: START + 200 * 250,
        incidents: { firstAfterMs: 3_600_000 },
      })
      await second.step(200)
      await second.stop()
      expect(second.stats().errors).toBe(0)
      expect(second.stats().changes).toBeGreaterThan(0)
      const left = await q(`select a.title, a.status, e.comment from public.alerts a
          left join public.alert_events e on e.alert_id = a.id and e.kind = 'resolve' order by a.title`)
      expect(left).toEqual([
        { title: 'Evaluated', status: 'open', comment: null },
        { title: 'Legacy', status: 'resolved', comment: 'Closed by the simulator on restart' },
      ])
      // The calls that were in progress moved on, and agents and calls still agree.
      const moved = await q(`select id from public.calls where status in ('completed', 'failed')
          and id in (${inFlight.map((r) => `'${String(r.id)}'`).join(', ')})`)
      expect(moved.length).toBeGreaterThan(0)
      expect(
        await q(`select c.id from public.calls c left join public.agent_sessions s on s.current_call_id = c.id
          where c.status in ('ringing', 'active', 'on_hold', 'wrap_up') and s.agent_id is distinct from c.agent_id`),
      ).toEqual([])
    } finally {
      await floor.stop()
    }
  })

  it('ticks in real time from startBackend and stop() waits for the tick in progress', async () => {
    const live = await testBackend({ seed: 8, rate: 50 })
    try {
      expect(live.simulator).not.toBeNull()
      const count = async () =>
        Number(
          (await live.ctx.db.query<{ n: number }>('select count(*)::int as n from public.calls')).rows[0]!.n,
        )
      await eventually(async () => (await count()) > 0, 15_000, 'calls from the live simulator')
      await live.simulator!.stop()
      const after = live.simulator!.stats()
      const seq = (
        await live.ctx.db.query<{ v: string }>('select last_value::text as v from public.floor_seq')
      ).rows[0]!.v
      await new Promise((r) => setTimeout(r, 600))
      expect(live.simulator!.stats()).toEqual(after)
      expect(
        (await live.ctx.db.query<{ v: string }>('select last_value::text as v from public.floor_seq'))
          .rows[0]!.v,
      ).toBe(seq)
    } finally {
      await live.stop()
    }
  })
})
