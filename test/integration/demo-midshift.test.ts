// The demo starts mid-shift, against the real embedded backend: the backfilled morning gives every figure of the
// supervisor's screen at once, read as the console reads it (supabase-js as the demo supervisor, the domain's
// own functions); it is the same for the same seed and clock; it keeps the floor tables as small as the live
// simulator keeps them; and the demo's opening makes every kind of alert rule fire within minutes, then clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import {
  backfillHistory,
  DEMO_INCIDENTS,
  initialSpeed,
  startSimulator,
} from '../../src/main/embedded/simulator'
import { QUEUES } from '../../src/main/embedded/simulator/demo-data'
import { queueStats } from '../../src/shared/domain/queue-stats'
import { intradaySeries } from '../../src/shared/domain/intervals'
import { uptime24h, uptime30d } from '../../src/shared/domain/uptime'
import { parseRow, type RowByTable, type TableName } from '../../src/shared/domain/tables'
import type { Backend } from '../../src/main/embedded/backend'
import { client, testBackend } from '../helpers/backend'

/** A Monday afternoon in London: every demo queue is hours into its day (New York 10:07, Kolkata 20:37). */
const NOW = Date.parse('2030-01-07T15:07:30Z')
const HOURS = 8
const SPEED = initialSpeed(10)

let a: Backend
let b: Backend

async function signIn(backend: Backend): Promise<SupabaseClient> {
  const supabase = client(backend)
  const { error } = await supabase.auth.signInWithPassword(backend.demo!)
  if (error) throw error
  return supabase
}

/** Every row of a table the supervisor can see, through the console's own row parser. */
async function read<T extends TableName>(supabase: SupabaseClient, table: T): Promise<RowByTable[T][]> {
  const { data, error } = await supabase.from(table).select('*').order('seq').limit(5000)
  if (error) throw new Error(error.message)
  return (data as unknown[]).map((raw) => {
    const r = parseRow(table, raw)
    if (!r.ok) throw new Error(r.error)
    return r.value
  })
}

/** The demo org's backfilled rows without what differs run to run by nature (updated_at). */
async function content(backend: Backend): Promise<string> {
  const q = async (sql: string) =>
    JSON.stringify(
      (
        await backend.ctx.db.query<{ j: unknown }>(
          `select coalesce(json_agg(x order by x), '[]') as j from (${sql}) x`,
          [backend.demo!.orgId],
        )
      ).rows[0]!.j,
    )
  return [
    await q(`select queue_id, interval_start, offered, answered, answered_within, abandoned, short_abandoned,
                    answer_ms, handled, handle_ms, wait_ms from public.queue_intervals where org_id = $1`),
    await q(`select monitor_id, span, bucket_start, checks, down, degraded, ping_ms_total, pinged
               from public.monitor_rollups where org_id = $1`),
    await q(`select id, queue_id, agent_id, status, direction, queued_at, answered_at, ended_at
               from public.calls where org_id = $1`),
    await q(`select id, status, status_since, current_call_id from public.agent_sessions where org_id = $1`),
    await q(`select id, checked_at, status, ping_ms from public.heartbeats where org_id = $1`),
  ].join('\n')
}

beforeAll(async () => {
  ;[a, b] = await Promise.all([testBackend({ seed: 2 }), testBackend({ seed: 2 })])
  for (const backend of [a, b])
    await backfillHistory(backend.ctx, backend.demo!.orgId, { seed: 2, hours: HOURS, now: NOW, speed: SPEED })
}, 180_000)
afterAll(async () => {
  await a?.stop()
  await b?.stop()
})

describe('the backfilled morning', () => {
  it('gives every queue today’s service level, AHT, ASA and abandons, and its day in quarter hours', async () => {
    const supabase = await signIn(a)
    const [queues, intervals, calls] = await Promise.all([
      read(supabase, 'queues'),
      read(supabase, 'queue_intervals'),
      read(supabase, 'calls'),
    ])
    expect(queues.map((q) => q.name).sort()).toEqual(QUEUES.map((q) => q.name).sort())
    for (const queue of queues) {
      const s = queueStats(queue, calls, NOW, { intervals })
      expect(s.offered, queue.name).toBeGreaterThan(200)
      expect(s.serviceLevelPercent, queue.name).toBeGreaterThan(60)
      expect(s.serviceLevelPercent, queue.name).toBeLessThan(100)
      expect(s.abandoned, queue.name).toBeGreaterThan(0)
      expect(s.abandonRatePercent, queue.name).toBeLessThan(15)
      expect(s.averageSpeedOfAnswerMs, queue.name).toBeGreaterThan(1000)
      // Talk and hold at the demo's pace: about a minute to three.
      expect(s.averageHandleTimeMs, queue.name).toBeGreaterThan(45_000)
      expect(s.averageHandleTimeMs, queue.name).toBeLessThan(240_000)
      const day = intradaySeries(queue, intervals, calls, NOW)
      const busy = day.filter((p) => p.offered > 0)
      // Eight hours of quarter hours with calls (or all of today where today is shorter).
      expect(busy.length, queue.name).toBeGreaterThanOrEqual(Math.min(32, day.length) - 1)
      expect(busy.every((p) => p.serviceLevelPercent !== null)).toBe(true)
    }
    // The morning's rush in Support (two and a half hours ago, 25 minutes) shows as a dip in a healthy day.
    const support = queues.find((q) => q.name === 'Support')!
    const day = intradaySeries(support, intervals, calls, NOW).filter((p) => p.serviceLevelPercent !== null)
    const rushFrom = NOW - 150 * 60_000 - 15 * 60_000
    const rush = day.filter((p) => p.t >= rushFrom && p.t < rushFrom + 60 * 60_000)
    expect(Math.min(...rush.map((p) => p.serviceLevelPercent!))).toBeLessThan(75)
    const sorted = day.map((p) => p.serviceLevelPercent!).sort((x, y) => x - y)
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(85)
  })

  it('gives every service 24 hours and 30 days of uptime, with the morning’s outage', async () => {
    const supabase = await signIn(a)
    const [monitors, rollups] = await Promise.all([
      read(supabase, 'monitors'),
      read(supabase, 'monitor_rollups'),
    ])
    expect(monitors).toHaveLength(4)
    for (const m of monitors) {
      const day = uptime24h(rollups, m.id, NOW)
      const month = uptime30d(rollups, m.id, NOW)
      expect(
        day.buckets.every((x) => x.checks > 0),
        m.name,
      ).toBe(true)
      expect(
        month.buckets.every((x) => x.checks > 0),
        m.name,
      ).toBe(true)
      expect(day.percent, m.name).toBeGreaterThan(95)
      expect(month.percent, m.name).toBeGreaterThan(99)
      expect(m.last_checked_at, m.name).not.toBeNull()
    }
    // A month has its outages: some day of some service had failed checks.
    expect(
      monitors.some((m) =>
        uptime30d(rollups, m.id, NOW)
          .buckets.slice(0, -1)
          .some((x) => x.down > 0),
      ),
    ).toBe(true)
    const crm = monitors.find((m) => m.name === 'CRM API')!
    const outage = uptime24h(rollups, crm.id, NOW).buckets.filter((x) => x.down > 0)
    // Seven minutes down two hours ago: most of its checks in that hour failed (checks are seconds apart).
    expect(outage.some((x) => x.t >= NOW - 3 * 3600_000 && x.down >= 20)).toBe(true)
  })

  it('leaves the agents mid-shift: on calls, on breaks, one idle for four minutes and one on a break for twelve', async () => {
    const supabase = await signIn(a)
    const sessions = await read(supabase, 'agent_sessions')
    const calls = await read(supabase, 'calls')
    const busy = sessions.filter((s) => s.status === 'on_call' || s.status === 'wrap_up')
    expect(busy.length).toBeGreaterThan(10)
    for (const s of busy) expect(calls.find((c) => c.id === s.current_call_id)?.agent_id).toBe(s.agent_id)
    // The longest available (idle since four minutes ago, longer if already waiting for a call then), the
    // longest on a break (twelve minutes, longer if on a break already): the opening picks them up.
    const since = (s: RowByTable['agent_sessions']) => (NOW - Date.parse(s.status_since)) / 60_000
    const longest = (status: string) =>
      Math.max(...sessions.filter((s) => s.status === status && !s.current_call_id).map(since))
    expect(longest('available')).toBeGreaterThanOrEqual(3.9)
    expect(longest('available')).toBeLessThan(6)
    expect(longest('break')).toBeGreaterThanOrEqual(11.9)
  })

  it('keeps the floor tables as the live simulator keeps them, so the first snapshot stays small', async () => {
    const supabase = await signIn(a)
    const calls = await read(supabase, 'calls')
    const beats = await read(supabase, 'heartbeats')
    const finished = calls.filter((c) => ['completed', 'abandoned', 'failed'].includes(c.status))
    const oldest = Math.min(...finished.map((c) => Date.parse(c.ended_at ?? c.status_changed_at)))
    expect(oldest).toBeGreaterThanOrEqual(NOW - (60 * 60_000) / SPEED - 1000)
    expect(Math.min(...beats.map((h) => Date.parse(h.checked_at)))).toBeGreaterThanOrEqual(
      NOW - (10 * 60_000) / SPEED - 1000,
    )
    const { rows } = await a.ctx.db.query<{ n: number }>(
      `select (select count(*) from public.calls where org_id = $1) + (select count(*) from public.heartbeats where org_id = $1)
            + (select count(*) from public.queue_intervals where org_id = $1)
            + (select count(*) from public.monitor_rollups where org_id = $1) as n`,
      [a.demo!.orgId],
    )
    // Eight hours of a floor that took over 6,000 calls, in about two thousand rows.
    expect(Number(rows[0]!.n)).toBeLessThan(2500)
  })

  it('is the same for the same seed and clock, and another for another seed', async () => {
    const expected = await content(a)
    expect(await content(b)).toBe(expected)
    const c = await testBackend({ seed: 2 })
    try {
      await backfillHistory(c.ctx, c.demo!.orgId, { seed: 3, hours: HOURS, now: NOW, speed: SPEED })
      expect(await content(c)).not.toBe(expected)
    } finally {
      await c.stop()
    }
  }, 120_000)
})

describe('the demo’s opening', () => {
  it('makes every kind of alert rule fire within five minutes, and each of those alerts clear', async () => {
    const backend = await testBackend({ seed: 5 })
    try {
      const orgId = backend.demo!.orgId
      const now = backend.ctx.now()
      await backfillHistory(backend.ctx, orgId, { seed: 5, hours: 2, now, speed: SPEED })
      const sim = startSimulator(backend.ctx, {
        seed: 5,
        rate: 10,
        fast: true,
        manual: true,
        tickMs: 1000,
        orgId,
        startAt: now,
        // The opening alone: no rotating incident to muddle what clears when.
        incidents: { ...DEMO_INCIDENTS, firstAfterMs: Number.POSITIVE_INFINITY },
      })
      const kinds = async (where: string) =>
        (
          await backend.ctx.db.query<{ kind: string }>(
            `select distinct r.kind from public.alerts a join public.alert_rules r on r.id = a.rule_id
              where a.org_id = $1 and ${where} order by 1`,
            [orgId],
          )
        ).rows.map((r) => r.kind)
      let t = 0
      const run = async (untilS: number) => {
        for (; t < untilS; t += 5) {
          await sim.step(5)
          await backend.ctx.db.query('select public.floor_evaluate_alerts($1)', [
            new Date(now + (t + 5) * 1000),
          ])
        }
      }
      await run(5 * 60)
      expect(await kinds('true')).toEqual([
        'abandon_rate',
        'agent_break',
        'agent_idle',
        'monitor_down',
        'monitor_ping',
        'queue_depth',
        'queue_wait',
        'service_level',
      ])
      // Everything raised in the opening clears once its cause is gone (the 30-minute rules last).
      await run(65 * 60)
      await sim.stop()
      expect(sim.stats().errors).toBe(0)
      expect(await kinds(`a.status <> 'resolved'`)).toEqual([])
    } finally {
      await backend.stop()
    }
  }, 600_000)
})
