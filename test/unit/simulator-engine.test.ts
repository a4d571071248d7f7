// The simulator's floor model without a database: seeded randomness, the call state machine and the
// agent/call bookkeeping, checked after every tick of a long run.
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/main/embedded/simulator/random'
import { MONITORS } from '../../src/main/embedded/simulator/demo-data'
import { prepareFloor, runTick } from '../../src/main/embedded/simulator/engine'
import { syncMonitors } from '../../src/main/embedded/simulator/monitors'
import { IncidentDirector } from '../../src/main/embedded/simulator/incidents'
import {
  WITH_AGENT,
  type CallStatus,
  type Floor,
  type SimMonitor,
} from '../../src/main/embedded/simulator/model'
import { demoFloor } from './support/floor'
import { Changes, type Tick } from '../../src/main/embedded/simulator/tick'

const ALLOWED: Record<CallStatus, CallStatus[]> = {
  queued: ['ringing', 'abandoned', 'failed'],
  ringing: ['active', 'failed'],
  active: ['on_hold', 'wrap_up', 'failed'],
  on_hold: ['active'],
  wrap_up: ['completed'],
  completed: [],
  abandoned: [],
  failed: [],
}

/** Runs `ticks` ticks of 250 ms at the given speed and hands every tick's changes to `inspect`. */
function simulate(
  seed: number,
  ticks: number,
  speed: number,
  inspect: (c: Changes, f: Floor, t: Tick) => void,
) {
  const rng = new Rng(seed)
  const start = Date.parse('2026-03-02T09:00:00Z')
  const floor = demoFloor(rng, start)
  const incidents = new IncidentDirector({ firstAfterMs: 30_000, everyMs: 90_000, durationMs: 40_000 })
  for (let i = 0; i < ticks; i++) {
    const t: Tick = {
      now: start + i * 250,
      dtMs: 250,
      index: i,
      speed,
      rng,
      changes: new Changes(),
      orgId: 'org',
    }
    if (i === 0) prepareFloor(floor, t)
    runTick(floor, t, incidents)
    inspect(t.changes, floor, t)
  }
  return { floor, incidents }
}

describe('seeded randomness', () => {
  it('replays the same stream for a seed and differs between seeds', () => {
    const a = new Rng(42)
    const b = new Rng(42)
    const c = new Rng(43)
    const seqA = Array.from({ length: 50 }, () => a.next())
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(seqA)
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(seqA)
    expect(new Rng(1).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('draws from sensible distributions', () => {
    const rng = new Rng('dist')
    const n = 20_000
    const mean = (f: () => number) => Array.from({ length: n }, f).reduce((s, x) => s + x, 0) / n
    expect(mean(() => rng.exponential(10))).toBeCloseTo(10, 0)
    expect(mean(() => rng.poisson(3))).toBeCloseTo(3, 0)
    expect(mean(() => rng.skewed(100))).toBeGreaterThan(95)
    expect(mean(() => rng.skewed(100))).toBeLessThan(105)
    const ints = new Set(Array.from({ length: 1000 }, () => rng.int(1, 3)))
    expect([...ints].sort()).toEqual([1, 2, 3])
  })
})

describe('the floor model', () => {
  it('moves calls only along the allowed transitions, one step per tick', () => {
    const last = new Map<string, CallStatus>()
    const seen = new Set<CallStatus>()
    simulate(11, 4000, 4, (changes) => {
      for (const call of changes.calls) {
        const before = last.get(call.id)
        if (before === undefined) expect(call.status).toBe('queued')
        else expect(ALLOWED[before]).toContain(call.status)
        last.set(call.id, call.status)
        seen.add(call.status)
      }
    })
    expect([...seen].sort()).toEqual(
      ['abandoned', 'active', 'completed', 'failed', 'on_hold', 'queued', 'ringing', 'wrap_up'].sort(),
    )
  })

  it('keeps agents and calls consistent: nobody on two calls, counts agree', () => {
    // Problems are collected rather than asserted one by one: thousands of ticks × 40 agents.
    const problems: string[] = []
    let busiest = 0
    simulate(12, 3000, 4, (_changes, floor, t) => {
      const owners = new Map<string, string>()
      for (const call of floor.calls.values()) {
        if (!WITH_AGENT.has(call.status)) {
          if (call.agentId) problems.push(`${t.index}: ${call.status} call ${call.id} has an agent`)
          continue
        }
        const agent = call.agentId ? floor.agentById.get(call.agentId) : undefined
        if (!agent) problems.push(`${t.index}: ${call.status} call ${call.id} has no agent`)
        else if (owners.has(agent.id)) problems.push(`${t.index}: agent ${agent.id} on two calls`)
        else if (agent.currentCallId !== call.id)
          problems.push(`${t.index}: agent ${agent.id} points elsewhere`)
        else if (agent.status !== (call.status === 'wrap_up' ? 'wrap_up' : 'on_call')) {
          problems.push(`${t.index}: agent ${agent.id} is ${agent.status} on a ${call.status} call`)
        }
        if (agent) owners.set(agent.id, call.id)
      }
      for (const agent of floor.agents) {
        if (agent.currentCallId && owners.get(agent.id) !== agent.currentCallId) {
          problems.push(`${t.index}: agent ${agent.id} holds a call that does not hold it`)
        }
        if (!agent.currentCallId && (agent.status === 'on_call' || agent.status === 'wrap_up')) {
          problems.push(`${t.index}: agent ${agent.id} is ${agent.status} without a call`)
        }
      }
      busiest = Math.max(busiest, owners.size)
    })
    expect(problems.slice(0, 5)).toEqual([])
    expect(busiest).toBeGreaterThan(5)
  })

  it('counts dialled and connected outbound calls and completes a campaign at its target', () => {
    const { floor } = simulate(13, 4000, 8, () => {})
    for (const c of floor.campaigns) {
      expect(c.dialed).toBeGreaterThan(0)
      expect(c.connected).toBeLessThanOrEqual(c.dialed)
      expect(c.dialed).toBeLessThanOrEqual(c.dialTarget)
    }
    expect(floor.campaigns.some((c) => c.status === 'completed' || c.dialTarget > 40)).toBe(true)
  })

  it('masks every number it shows, inbound and outbound alike', () => {
    const seen = { inbound: 0, outbound: 0 }
    simulate(13, 2000, 8, (_c, floor) => {
      for (const call of floor.calls.values()) {
        seen[call.direction]++
        expect(call.caller).toMatch(/••\d{3}$/)
      }
    })
    expect(seen.inbound).toBeGreaterThan(0)
    expect(seen.outbound).toBeGreaterThan(0)
  })

  it('makes incidents in the data and raises no alert itself (the rules in the database do)', () => {
    const seen = new Set<string>()
    let written = 0
    const { incidents } = simulate(14, 2000, 4, (changes, floor) => {
      written += changes.alerts.length + changes.alertEvents.length + changes.resolves.length
      if (floor.queues.some((q) => q.surge > 1)) seen.add('surge')
      if (floor.agents.some((a) => a.idle && a.status === 'available')) seen.add('idle')
      const failing = new Set(floor.monitors.filter((m) => m.failing).map((m) => m.id))
      if (changes.heartbeats.some((h) => failing.has(h.monitor_id as string) && h.status === 'down'))
        seen.add('down')
    })
    expect(incidents.started).toBeGreaterThanOrEqual(3)
    expect([...seen].sort()).toEqual(['down', 'idle', 'surge'])
    expect(written).toBe(0)
  })

  it('times incidents on the wall clock, whatever the world speed', () => {
    const lengths = (speed: number) => {
      let surgeTicks = 0
      simulate(3, 400, speed, (_c, floor) => {
        if (floor.queues.some((q) => q.surge > 1)) surgeTicks++
      })
      return surgeTicks
    }
    // The first incident, a surge, lasts 40 s = 160 ticks of 250 ms at any speed.
    expect(lengths(1)).toBe(160)
    expect(lengths(8)).toBe(160)
  })

  it('checks each service on its interval in clock time, whatever the world speed', () => {
    const gaps = (speed: number) => {
      const last = new Map<string, number>()
      const seen = new Map<string, Set<number>>()
      const { floor } = simulate(9, 480, speed, (changes, _floor, t) => {
        for (const h of changes.heartbeats) {
          const id = h.monitor_id as string
          const before = last.get(id)
          if (before !== undefined) seen.set(id, (seen.get(id) ?? new Set()).add(t.now - before))
          last.set(id, t.now)
        }
      })
      return floor.monitors.map((m) => [...(seen.get(m.id) ?? [])])
    }
    // Two minutes of 250 ms ticks: each monitor exactly interval_seconds apart, at speed 1 and 8 alike.
    const expected = MONITORS.map((m) => [m.intervalSeconds * 1000])
    expect(gaps(1)).toEqual(expected)
    expect(gaps(8)).toEqual(expected)
  })

  it('takes a monitor edited in the database: its new interval, its pause, a new one', () => {
    const rng = new Rng(4)
    const now = Date.parse('2026-03-02T09:00:00Z')
    const floor = demoFloor(rng, now)
    const [a, b, c] = floor.monitors
    a!.lastCheckedAt = now - 1000
    a!.nextPingAt = now + 4000
    const row = (m: SimMonitor, interval_seconds: number) => ({
      id: m.id,
      name: m.name,
      kind: m.kind,
      interval_seconds,
      status: m.status,
      last_ping_ms: null,
      last_checked_at: null,
    })
    const fresh = { ...row(c!, 30), id: 'new-monitor', name: 'New' }
    syncMonitors(floor, [row(a!, 2), row(c!, 15), fresh], now)
    expect(floor.monitors.map((m) => m.id)).toEqual([a!.id, c!.id, 'new-monitor'])
    // Two seconds after its last check, not at the old schedule; the new one is checked at once.
    expect(floor.monitors[0]).toMatchObject({ intervalMs: 2000, nextPingAt: now + 1000 })
    expect(floor.monitors[1]).toBe(c)
    expect(floor.monitors[2]).toMatchObject({ intervalMs: 30_000, nextPingAt: now })
    expect(floor.monitors).not.toContain(b)
  })

  it('replays identically for a seed', () => {
    const trace = (seed: number) => {
      const out: string[] = []
      simulate(seed, 800, 4, (changes) => {
        for (const c of changes.calls) out.push(`${c.id}:${c.status}:${c.agentId}:${c.statusChangedAt}`)
        for (const h of changes.heartbeats) out.push(`${h.monitor_id}:${h.status}:${h.ping_ms}`)
      })
      return out
    }
    const a = trace(21)
    expect(a.length).toBeGreaterThan(100)
    expect(trace(21)).toEqual(a)
    expect(trace(22)).not.toEqual(a)
  })
})
