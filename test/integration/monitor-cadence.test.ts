// The check cadence a console shows ("every 5 s", from monitors.interval_seconds) is the one the checker
// keeps, in the database: heartbeats of each monitor are interval_seconds apart whatever speed the rate
// controller gives the simulated world, and an admin's edit of the interval applies within seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../src/main/embedded/simulator'
import type { Backend } from '../../src/main/embedded/backend'
import { testBackend } from '../helpers/backend'

// Far from now, so that rows the seed may have written for today's history are not counted.
const START = Date.parse('2031-03-03T10:00:00Z')
const TICK_MS = 250

let backend: Backend
let sim: Simulator

/** Gaps (ms) between a monitor's checks since START, with the monitor's configured interval. */
async function cadence(): Promise<{ name: string; intervalMs: number; gaps: number[] }[]> {
  const { rows } = await backend.ctx.db.query<{ name: string; interval_seconds: number; at: Date[] }>(
    `select m.name, m.interval_seconds, array_agg(h.checked_at order by h.checked_at) as at
       from public.monitors m join public.heartbeats h on h.monitor_id = m.id
      where h.checked_at >= $1 group by m.name, m.interval_seconds order by m.name`,
    [new Date(START).toISOString()],
  )
  return rows.map((r) => ({
    name: r.name,
    intervalMs: r.interval_seconds * 1000,
    gaps: r.at.slice(1).map((at, i) => at.getTime() - r.at[i]!.getTime()),
  }))
}

beforeAll(async () => {
  backend = await testBackend({ seed: 5 })
  sim = startSimulator(backend.ctx, {
    seed: 5,
    // 150 changes a second: the world runs ~20 times faster than the clock, as in a busy benchmark.
    rate: 150,
    fast: true,
    manual: true,
    tickMs: TICK_MS,
    orgId: backend.demo!.orgId,
    startAt: START,
    // Heartbeats are kept for a world-time window: long enough here that none of the run is pruned.
    history: { heartbeatsMs: 1_000 * 24 * 3_600_000 },
  })
}, 60_000)
afterAll(async () => {
  await sim?.stop()
  await backend?.stop()
})

describe('monitor checks', () => {
  it('are interval_seconds apart in the database, however fast the world runs', async () => {
    await sim.step(2 * 60 * 4) // two minutes of clock time
    expect(sim.stats().speed).toBeGreaterThan(10)
    const seen = await cadence()
    expect(seen.length).toBeGreaterThanOrEqual(3)
    for (const m of seen) {
      expect(m.gaps.length, m.name).toBeGreaterThanOrEqual(7)
      // Checks fall on ticks: never early, at most one tick late.
      for (const gap of m.gaps) {
        expect(gap, m.name).toBeGreaterThanOrEqual(m.intervalMs)
        expect(gap, m.name).toBeLessThanOrEqual(m.intervalMs + TICK_MS)
      }
    }
  }, 120_000)

  it('follow an edit of interval_seconds, and stop for a paused monitor', async () => {
    const before = await cadence()
    const edited = before[0]!
    const paused = before[1]!
    await backend.ctx.db.query(`update public.monitors set interval_seconds = 2 where name = $1`, [
      edited.name,
    ])
    await backend.ctx.db.query(`update public.monitors set status = 'paused' where name = $1`, [paused.name])
    await sim.step(60 * 4)
    const after = await cadence()
    const e = after.find((m) => m.name === edited.name)!
    expect(e.intervalMs).toBe(2000)
    // Within one refresh (20 ticks) the new interval holds; the checks after it are 2 s apart.
    const recent = e.gaps.slice(-20)
    expect(recent.every((gap) => gap >= 2000 && gap <= 2000 + TICK_MS)).toBe(true)
    const p = after.find((m) => m.name === paused.name)!
    expect(p.gaps.length - paused.gaps.length).toBeLessThanOrEqual(1)
  }, 120_000)
})
