// Incidents — a queue surge, an agent gone idle or on a long break, a service failing or slow — that change
// the floor's data and nothing else: the alert rules, evaluated in the database (public.floor_evaluate_alerts),
// notice them. Two sources: a rotation (one at a time, on a fixed cadence, for as long as the floor runs) and
// a script (incidents at set times from the start, alongside the rotation: the demo's opening, which makes
// every rule kind fire within minutes, and the history of the backfilled morning). Each lasts long enough for
// the demo rules to fire through their hysteresis.
import { setAgent } from './agents'
import type { Floor, SimAgent } from './model'
import { iso, type Tick } from './tick'

export type IncidentKind = 'surge' | 'agent_idle' | 'service_failure' | 'slow_service' | 'long_break'

export interface ScriptedIncident {
  /** Clock ms after the director's first tick. */
  atMs: number
  kind: IncidentKind
  durationMs: number
  /** The queue's or monitor's name; otherwise chosen by the seed (agents: the longest in their state). */
  target?: string
  /** A surge's arrival multiplier (default 4). */
  factor?: number
}

export interface IncidentSchedule {
  /**
   * Clock ms from the start to the first rotating incident, between their starts, and each one's length: on
   * the wall clock, not the world's, because the rules judge them on the wall clock (a sped-up world must not
   * shorten an idle agent's five minutes).
   */
  firstAfterMs: number
  everyMs: number
  durationMs: number
  /** Incidents at set times from the start, besides the rotation. */
  script?: readonly ScriptedIncident[]
}

export const DEFAULT_INCIDENTS: IncidentSchedule = {
  firstAfterMs: 2 * 60_000,
  everyMs: 12 * 60_000,
  durationMs: 8 * 60_000,
}

/**
 * The demo's first minutes: every kind of demo rule fires, and each condition then ends (the window of the
 * service-level and abandon-rate rules, 30 min, lets those clear last). The backfilled history left an agent
 * available without a call for 4 minutes and one on a break for 12 (history.ts), so those two rules fire at
 * about a minute; the rest follow within four.
 */
export const DEMO_OPENING: readonly ScriptedIncident[] = [
  { atMs: 0, kind: 'agent_idle', durationMs: 3 * 60_000 },
  { atMs: 0, kind: 'long_break', durationMs: 2.5 * 60_000 },
  // A rush on two queues at once: more callers than the whole floor can take, so calls queue and wait.
  { atMs: 5_000, kind: 'surge', durationMs: 6 * 60_000, target: 'Billing', factor: 10 },
  { atMs: 5_000, kind: 'surge', durationMs: 6 * 60_000, target: 'Support', factor: 5 },
  { atMs: 60_000, kind: 'service_failure', durationMs: 90_000, target: 'IVR' },
  { atMs: 2 * 60_000, kind: 'slow_service', durationMs: 3 * 60_000, target: 'CRM API' },
]

/** After the opening, the rotation resumes. */
export const DEMO_INCIDENTS: IncidentSchedule = {
  ...DEFAULT_INCIDENTS,
  firstAfterMs: 15 * 60_000,
  script: DEMO_OPENING,
}

const ORDER: IncidentKind[] = ['surge', 'agent_idle', 'service_failure', 'slow_service', 'long_break']
const SURGE = 4

interface Active {
  kind: IncidentKind
  endsAt: number
  targetId: string
  rotation: boolean
}

interface Due {
  kind: IncidentKind
  durationMs: number
  rotation: boolean
  s?: ScriptedIncident
  /** An incident with no target yet (no free agent during a rush) is tried every tick until then. */
  giveUpAt: number
}

const RETRY_MS = 2 * 60_000

export class IncidentDirector {
  private active: Active[] = []
  private due: Due[] = []
  private startedAt: number | null = null
  private nextAt: number | null = null
  private scripted = 0
  private turn = 0
  private readonly script: ScriptedIncident[]
  started = 0

  constructor(private readonly schedule: IncidentSchedule) {
    this.script = [...(schedule.script ?? [])].sort((a, b) => a.atMs - b.atMs)
  }

  update(floor: Floor, t: Tick): void {
    this.startedAt ??= t.now
    this.nextAt ??= t.now + this.schedule.firstAfterMs
    for (const a of this.active) if (t.now >= a.endsAt) this.end(a, floor, t)
    this.active = this.active.filter((a) => t.now < a.endsAt)
    for (let s = this.script[this.scripted]; s && t.now >= this.startedAt + s.atMs;) {
      this.scripted++
      this.due.push({
        kind: s.kind,
        durationMs: s.durationMs,
        rotation: false,
        s,
        giveUpAt: t.now + RETRY_MS,
      })
      s = this.script[this.scripted]
    }
    const rotating = this.active.some((a) => a.rotation) || this.due.some((d) => d.rotation)
    if (!rotating && t.now >= this.nextAt) {
      this.nextAt = t.now + this.schedule.everyMs
      const kind = ORDER[this.turn++ % ORDER.length]!
      this.due.push({
        kind,
        durationMs: this.schedule.durationMs,
        rotation: true,
        giveUpAt: t.now + RETRY_MS,
      })
    }
    this.due = this.due.filter((d) => {
      if (t.now > d.giveUpAt) return false
      if (this.start(d.kind, d.durationMs, d.rotation, floor, t, d.s)) this.started++
      else return true
      return false
    })
  }

  /** The floor was reloaded (after a failed write): whatever the incidents changed is gone, so end them. */
  abandon(): void {
    this.active = []
    this.due = []
  }

  /** Alerts an earlier version of the simulator raised itself are resolved now (nothing else would). */
  resolve(alertId: string, t: Tick, comment = 'Recovered'): void {
    t.changes.resolves.push({ alert_id: alertId, event_id: t.rng.uuid(), at: iso(t.now), comment })
  }

  private start(
    kind: IncidentKind,
    durationMs: number,
    rotation: boolean,
    floor: Floor,
    t: Tick,
    s?: ScriptedIncident,
  ): boolean {
    const endsAt = t.now + durationMs
    const targetId = this.cause(kind, floor, t, endsAt, s)
    if (!targetId) return false
    this.active.push({ kind, endsAt, targetId, rotation })
    return true
  }

  private busy(id: string): boolean {
    return this.active.some((a) => a.targetId === id)
  }

  /** Starts `kind` on a target and returns the target's id, or null when there is none. */
  private cause(
    kind: IncidentKind,
    floor: Floor,
    t: Tick,
    endsAt: number,
    s?: ScriptedIncident,
  ): string | null {
    if (kind === 'surge') {
      const queues = floor.queues.filter((q) => !this.busy(q.id) && (!s?.target || q.name === s.target))
      if (queues.length === 0) return null
      const queue = t.rng.pick(queues)
      queue.surge = s?.factor ?? SURGE
      return queue.id
    }
    if (kind === 'agent_idle' || kind === 'long_break') return this.agent(kind, floor, t, endsAt)
    const monitors = floor.monitors.filter((m) => !this.busy(m.id) && (!s?.target || m.name === s.target))
    if (monitors.length === 0) return null
    const monitor = t.rng.pick(monitors)
    if (kind === 'service_failure') monitor.failing = true
    else monitor.slow = true
    return monitor.id
  }

  /** The agent longest available without a call (idle), or longest on a break (one goes on a break if none is). */
  private agent(kind: IncidentKind, floor: Floor, t: Tick, endsAt: number): string | null {
    const longest = (list: SimAgent[]) =>
      list.sort((a, b) => a.statusSince - b.statusSince || (a.id < b.id ? -1 : 1))[0]
    const free = floor.agents.filter(
      (a) => a.status === 'available' && !a.currentCallId && !this.busy(a.sessionId),
    )
    if (kind === 'agent_idle') {
      const agent = longest(free.filter((a) => !a.idle)) ?? longest(free)
      if (!agent) return null
      agent.idle = true
      return agent.sessionId
    }
    const agent =
      longest(floor.agents.filter((a) => a.status === 'break' && !this.busy(a.sessionId))) ??
      longest(free.filter((a) => !a.idle))
    if (!agent) return null
    if (agent.status !== 'break') setAgent(agent, 'break', t)
    agent.returnsAt = endsAt
    return agent.sessionId
  }

  private end(a: Active, floor: Floor, t: Tick): void {
    if (a.kind === 'surge') {
      const queue = floor.queues.find((q) => q.id === a.targetId)
      if (queue) queue.surge = 1
    } else if (a.kind === 'agent_idle' || a.kind === 'long_break') {
      const agent = floor.agents.find((x) => x.sessionId === a.targetId)
      if (agent && a.kind === 'agent_idle') {
        agent.idle = false
        agent.nextHeartbeatAt = t.now
      } else if (agent && agent.status === 'break') {
        agent.returnsAt = t.now
      }
    } else {
      const monitor = floor.monitors.find((m) => m.id === a.targetId)
      if (monitor && a.kind === 'service_failure') monitor.failing = false
      if (monitor && a.kind === 'slow_service') monitor.slow = false
    }
  }
}
