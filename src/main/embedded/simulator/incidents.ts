// Incidents on a schedule — a queue surge, an agent gone idle, a service failing — that change the floor's
// data and nothing else: the alert rules, evaluated in the database (public.floor_evaluate_alerts), notice
// them. Each lasts long enough for the demo rules to fire through their hysteresis (an idle agent only
// counts after 5 minutes available without a call).
import type { Floor } from './model'
import { iso, type Tick } from './tick'

export type IncidentKind = 'surge' | 'agent_idle' | 'service_failure'

export interface IncidentSchedule {
  /**
   * Clock ms from the start to the first incident, between incident starts, and each one's length: on the
   * wall clock, not the world's, because the rules judge them on the wall clock (a sped-up world must not
   * shorten an idle agent's five minutes).
   */
  firstAfterMs: number
  everyMs: number
  durationMs: number
}

export const DEFAULT_INCIDENTS: IncidentSchedule = {
  firstAfterMs: 2 * 60_000,
  everyMs: 12 * 60_000,
  durationMs: 8 * 60_000,
}

const ORDER: IncidentKind[] = ['surge', 'agent_idle', 'service_failure']
const SURGE = 4

interface Active {
  kind: IncidentKind
  endsAt: number
  targetId: string
}

export class IncidentDirector {
  private active: Active | null = null
  private nextAt: number | null = null
  private turn = 0
  started = 0

  constructor(private readonly schedule: IncidentSchedule) {}

  update(floor: Floor, t: Tick): void {
    this.nextAt ??= t.now + this.schedule.firstAfterMs
    if (this.active && t.now >= this.active.endsAt) this.end(floor, t)
    if (!this.active && t.now >= this.nextAt) {
      this.nextAt = t.now + this.schedule.everyMs
      const kind = ORDER[this.turn++ % ORDER.length]!
      if (this.start(kind, floor, t)) this.started++
    }
  }

  /** The floor was reloaded (after a failed write): whatever the incident changed is gone, so end it. */
  abandon(): void {
    this.active = null
  }

  /** Alerts an earlier version of the simulator raised itself are resolved now (nothing else would). */
  resolve(alertId: string, t: Tick, comment = 'Recovered'): void {
    t.changes.resolves.push({ alert_id: alertId, event_id: t.rng.uuid(), at: iso(t.now), comment })
  }

  private start(kind: IncidentKind, floor: Floor, t: Tick): boolean {
    const targetId = this.cause(kind, floor, t)
    if (!targetId) return false
    this.active = { kind, endsAt: t.now + this.schedule.durationMs, targetId }
    return true
  }

  /** Starts `kind` on a random target and returns the target's id, or null when there is none. */
  private cause(kind: IncidentKind, floor: Floor, t: Tick): string | null {
    if (kind === 'surge') {
      if (floor.queues.length === 0) return null
      const queue = t.rng.pick(floor.queues)
      queue.surge = SURGE
      return queue.id
    }
    if (kind === 'agent_idle') {
      const candidates = floor.agents.filter((a) => a.status === 'available' && !a.currentCallId && !a.idle)
      if (candidates.length === 0) return null
      const agent = t.rng.pick(candidates)
      agent.idle = true
      return agent.sessionId
    }
    if (floor.monitors.length === 0) return null
    const monitor = t.rng.pick(floor.monitors)
    monitor.failing = true
    return monitor.id
  }

  private end(floor: Floor, t: Tick): void {
    const { kind, targetId } = this.active!
    this.active = null
    if (kind === 'surge') {
      const queue = floor.queues.find((q) => q.id === targetId)
      if (queue) queue.surge = 1
    } else if (kind === 'agent_idle') {
      const agent = floor.agents.find((a) => a.sessionId === targetId)
      if (agent) {
        agent.idle = false
        agent.nextHeartbeatAt = t.now
      }
    } else {
      const monitor = floor.monitors.find((m) => m.id === targetId)
      if (monitor) monitor.failing = false
    }
  }
}
