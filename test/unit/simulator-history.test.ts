// The mid-shift demo without a database: the incident script (the demo's opening, retried until a target is
// free), the backfilled morning's script and its run, and the month of checks drawn into hourly and daily
// rollups.
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/main/embedded/simulator/random'
import { RULES } from '../../src/main/embedded/simulator/demo-data'
import { runTick } from '../../src/main/embedded/simulator/engine'
import {
  DEMO_OPENING,
  IncidentDirector,
  type IncidentKind,
} from '../../src/main/embedded/simulator/incidents'
import { historyScript, simulateMorning } from '../../src/main/embedded/simulator/backfill'
import { drawUptime, RollupTally } from '../../src/main/embedded/simulator/uptime-history'
import { TERMINAL, type Floor } from '../../src/main/embedded/simulator/model'
import { Changes, type Tick } from '../../src/main/embedded/simulator/tick'
import { demoFloor } from './support/floor'

const START = Date.parse('2030-01-07T09:00:00Z')
const MIN = 60_000
const H = 60 * MIN

function tick(floor: Floor, rng: Rng, index: number, now: number): Tick {
  return { now, dtMs: 1000, index, speed: 1, rng, changes: new Changes(), orgId: floor.orgId }
}

describe('the incident script', () => {
  it('opens the demo with the incidents behind every kind of demo rule', () => {
    const causes: Record<IncidentKind, string[]> = {
      surge: ['queue_wait', 'queue_depth', 'service_level', 'abandon_rate'],
      agent_idle: ['agent_idle'],
      long_break: ['agent_break'],
      service_failure: ['monitor_down'],
      slow_service: ['monitor_ping'],
    }
    const covered = new Set(DEMO_OPENING.flatMap((s) => causes[s.kind]))
    expect([...covered].sort()).toEqual(RULES.map((r) => r.kind).sort())
    // All of them within the first three minutes.
    expect(Math.max(...DEMO_OPENING.map((s) => s.atMs))).toBeLessThanOrEqual(3 * MIN)
  })

  it('starts scripted incidents on time, on their named targets, alongside the rotation, and ends them', () => {
    const rng = new Rng(1)
    const floor = demoFloor(rng, START)
    const director = new IncidentDirector({
      firstAfterMs: 30_000,
      everyMs: 10 * MIN,
      durationMs: MIN,
      script: [
        { atMs: 10_000, kind: 'surge', durationMs: 2 * MIN, target: 'Billing', factor: 10 },
        { atMs: 20_000, kind: 'slow_service', durationMs: MIN, target: 'CRM API' },
      ],
    })
    const billing = floor.queues.find((q) => q.profile.name === 'Billing')!
    const crm = floor.monitors.find((m) => m.name === 'CRM API')!
    const seen: string[] = []
    for (let s = 0; s <= 200; s++) {
      const t = tick(floor, rng, s, START + s * 1000)
      director.update(floor, t)
      seen.push(`${billing.surge}/${crm.slow}`)
    }
    expect(seen[9]).toBe('1/false')
    expect(seen[10]).toBe('10/false')
    expect(seen[20]).toBe('10/true')
    expect(seen[80]).toBe('10/false')
    expect(seen[130]).toBe('1/false')
    // The rotation's first incident (a surge, at 30 s) ran on another queue meanwhile.
    expect(director.started).toBe(3)
  })

  it('waits for a free agent rather than skipping an incident, for two minutes at most', () => {
    const rng = new Rng(2)
    const floor = demoFloor(rng, START)
    for (const a of floor.agents) a.status = 'offline'
    const director = new IncidentDirector({
      firstAfterMs: Infinity,
      everyMs: Infinity,
      durationMs: 0,
      script: [
        { atMs: 0, kind: 'agent_idle', durationMs: MIN },
        { atMs: 0, kind: 'agent_idle', durationMs: MIN },
      ],
    })
    director.update(floor, tick(floor, rng, 0, START))
    expect(director.started).toBe(0)
    floor.agents[3]!.status = 'available'
    director.update(floor, tick(floor, rng, 1, START + 90_000))
    expect(director.started).toBe(1)
    expect(floor.agents[3]!.idle).toBe(true)
    // The second found nobody else within two minutes and was given up.
    floor.agents[4]!.status = 'available'
    director.update(floor, tick(floor, rng, 2, START + 121_000))
    expect(director.started).toBe(1)
  })

  it('keeps the agent longest on a break away until the incident ends, then brings them back', () => {
    const rng = new Rng(3)
    const floor = demoFloor(rng, START)
    const onBreak = floor.agents.filter((a) => a.status === 'break')
    onBreak[1]!.statusSince = START - 12 * MIN
    const director = new IncidentDirector({
      firstAfterMs: Infinity,
      everyMs: Infinity,
      durationMs: 0,
      script: [{ atMs: 0, kind: 'long_break', durationMs: 3 * MIN }],
    })
    let back = -1
    for (let s = 0; s < 300 && back < 0; s++) {
      const t = tick(floor, rng, s, START + s * 1000)
      runTick(floor, t, director)
      if (onBreak[1]!.status !== 'break') back = s
    }
    expect(back).toBe(180)
  })
})

describe('the backfilled morning', () => {
  it('places the morning’s incidents back from now, leaving out those before it began', () => {
    expect(historyScript(8).map((s) => [s.kind, (8 * H - s.atMs) / MIN])).toEqual([
      ['surge', 300],
      ['slow_service', 240],
      ['surge', 150],
      ['service_failure', 120],
      ['long_break', 12],
      ['agent_idle', 4],
    ])
    expect(historyScript(2).map((s) => s.kind)).toEqual(['service_failure', 'long_break', 'agent_idle'])
  })

  it('runs the live engine over the hours before now and replays the same for a seed', () => {
    const run = (seed: number) => {
      const floor = demoFloor(new Rng('floor'), START)
      const m = simulateMorning(floor, {
        seed,
        hours: 1,
        now: START + H,
        speed: 1,
        tickMs: 2000,
        orgId: 'org',
      })
      return { m, floor }
    }
    const { m, floor } = run(4)
    expect(m.concluded.length).toBeGreaterThan(200)
    expect(m.concluded.every((c) => TERMINAL.has(c.status) && c.queuedAt >= START)).toBe(true)
    expect(m.beats.length).toBeGreaterThan(1000)
    // Now: calls in progress, agents on them, the idle agent four minutes into being idle.
    expect(floor.calls.size).toBeGreaterThan(5)
    const idle = floor.agents.filter((a) => a.idle)
    expect(idle).toHaveLength(1)
    expect(idle[0]!.status).toBe('available')
    const trace = (r: ReturnType<typeof run>) => r.m.concluded.map((c) => `${c.id}:${c.status}:${c.endedAt}`)
    expect(trace(run(4))).toEqual(trace({ m, floor }))
    expect(trace(run(5))).not.toEqual(trace({ m, floor }))
  })
})

describe('a month of checks', () => {
  const monitors = () => demoFloor(new Rng('m'), START).monitors

  it('fills every hour and day of the window, at each service’s cadence, with the odd outage', () => {
    const ms = monitors()
    const from = START - 30 * 24 * H
    const days0 = Math.floor(from / (24 * H)) * 24 * H
    const tally = new RollupTally(START - 48 * H, days0)
    drawUptime(tally, ms, new Rng('u'), from, START)
    const rows = tally.rows('org')
    for (const m of ms) {
      const mine = rows.filter((r) => r.monitor_id === m.id)
      const hours = mine.filter((r) => r.span === 'hour')
      const days = mine.filter((r) => r.span === 'day')
      expect(hours).toHaveLength(48)
      expect(days).toHaveLength(31) // the first and last are partial: the window starts and ends at 09:00
      expect(hours.every((r) => r.checks === H / m.intervalMs)).toBe(true)
      const checks = days.reduce((n, r) => n + (r.checks as number), 0)
      expect(checks).toBe((30 * 24 * H) / m.intervalMs)
      const down = days.reduce((n, r) => n + (r.down as number), 0)
      expect(down / checks).toBeLessThan(0.01)
    }
    // A month has outages (about one day in eight per service).
    expect(rows.some((r) => (r.down as number) > 0)).toBe(true)
    // The same seed draws the same month.
    const again = new RollupTally(START - 48 * H, days0)
    drawUptime(again, ms, new Rng('u'), from, START)
    expect(again.rows('org')).toEqual(rows)
  })

  it('keeps hours and days only inside their windows, and adds single checks where they belong', () => {
    const tally = new RollupTally(START, START - 24 * H)
    tally.addCheck({ monitorId: 'm', at: START - 1, status: 'down', pingMs: null }) // day only
    tally.addCheck({ monitorId: 'm', at: START + 59 * MIN, status: 'degraded', pingMs: 900 })
    tally.addCheck({ monitorId: 'm', at: START + 60 * MIN, status: 'up', pingMs: 30 })
    expect(
      tally.rows('org').map((r) => [r.span, r.bucket_start, r.checks, r.down, r.degraded, r.ping_ms_total]),
    ).toEqual([
      ['day', '2030-01-07T00:00:00.000Z', 3, 1, 1, 930],
      ['hour', '2030-01-07T09:00:00.000Z', 1, 0, 1, 900],
      ['hour', '2030-01-07T10:00:00.000Z', 1, 0, 0, 30],
    ])
  })
})
