// Incidents on a schedule — a queue surge, an agent gone idle, a service failing — each raising an
// alert when it starts and resolving it when it ends, so consoles have something to notice.
import type { Floor, SimRule } from './model'
import { clock, iso, type Tick } from './tick'

export type IncidentKind = 'surge' | 'agent_idle' | 'service_failure'

export interface IncidentSchedule {
  /** World ms from the start to the first incident, between incident starts, and each one's length. */
  firstAfterMs: number
  everyMs: number
  durationMs: number
}

export const DEFAULT_INCIDENTS: IncidentSchedule = {
  firstAfterMs: 2 * 60_000,
  everyMs: 10 * 60_000,
  durationMs: 3 * 60_000,
}

const ORDER: IncidentKind[] = ['surge', 'agent_idle', 'service_failure']
const SURGE = 4

interface Active {
  kind: IncidentKind
  endsAt: number
  targetId: string
  alertId: string
}

interface Alert {
  kind: string
  title: string
  body: string
  sourceTable: string
  sourceId: string
}

export class IncidentDirector {
  private active: Active | null = null
  private nextAt: number | null = null
  private turn = 0
  started = 0

  constructor(private readonly schedule: IncidentSchedule) {}

  update(floor: Floor, t: Tick): void {
    this.nextAt ??= t.now + clock(t, this.schedule.firstAfterMs)
    if (this.active && t.now >= this.active.endsAt) this.end(floor, t)
    if (!this.active && t.now >= this.nextAt) {
      this.nextAt = t.now + clock(t, this.schedule.everyMs)
      const kind = ORDER[this.turn++ % ORDER.length]!
      if (this.start(kind, floor, t)) this.started++
    }
  }

  /** The floor was reloaded (after a failed write): whatever the incident changed is gone, so end it. */
  abandon(t: Tick): void {
    if (this.active) this.resolve(this.active.alertId, t)
    this.active = null
  }

  /** Alerts left open by an earlier run (its incidents died with it) are resolved now. */
  resolve(alertId: string, t: Tick, comment = 'Recovered'): void {
    t.changes.resolves.push({ alert_id: alertId, event_id: t.rng.uuid(), at: iso(t.now), comment })
  }

  private start(kind: IncidentKind, floor: Floor, t: Tick): boolean {
    const alert = this.cause(kind, floor, t)
    if (!alert) return false
    const alertId = this.raise(alert, floor, t)
    this.active = {
      kind,
      endsAt: t.now + clock(t, this.schedule.durationMs),
      targetId: alert.sourceId,
      alertId,
    }
    return true
  }

  private cause(kind: IncidentKind, floor: Floor, t: Tick): Alert | null {
    if (kind === 'surge') {
      if (floor.queues.length === 0) return null
      const queue = t.rng.pick(floor.queues)
      queue.surge = SURGE
      const limit = threshold(floor.rules, 'queue_wait', 60)
      const title = `Longest wait in ${queue.name} over ${limit} s`
      const body = `Inbound volume is ${SURGE}× normal; callers are waiting longer than ${limit} s.`
      return { kind: 'queue_wait', title, body, sourceTable: 'queues', sourceId: queue.id }
    }
    if (kind === 'agent_idle') {
      const candidates = floor.agents.filter((a) => a.status === 'available' && !a.currentCallId && !a.idle)
      if (candidates.length === 0) return null
      const agent = t.rng.pick(candidates)
      agent.idle = true
      const body = `No heartbeat from ${agent.name}'s softphone while the status shows available.`
      return {
        kind: 'agent_idle',
        title: `${agent.name} idle while available`,
        body,
        sourceTable: 'agent_sessions',
        sourceId: agent.sessionId,
      }
    }
    if (floor.monitors.length === 0) return null
    const monitor = t.rng.pick(floor.monitors)
    monitor.failing = true
    const body = `Health checks of ${monitor.name} are failing: connection timed out.`
    return {
      kind: 'monitor_down',
      title: `${monitor.name} is down`,
      body,
      sourceTable: 'monitors',
      sourceId: monitor.id,
    }
  }

  private end(floor: Floor, t: Tick): void {
    const { kind, targetId, alertId } = this.active!
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
    this.resolve(alertId, t)
  }

  private raise(alert: Alert, floor: Floor, t: Tick): string {
    const rule = floor.rules.find((r) => r.kind === alert.kind)
    const id = t.rng.uuid()
    t.changes.alerts.push({
      id,
      org_id: floor.orgId,
      rule_id: rule?.id ?? null,
      severity: rule?.severity ?? 'warning',
      title: alert.title,
      body: alert.body,
      source_table: alert.sourceTable,
      source_id: alert.sourceId,
      status: 'open',
      raised_at: iso(t.now),
    })
    t.changes.alertEvents.push({
      id: t.rng.uuid(),
      org_id: floor.orgId,
      alert_id: id,
      kind: 'raise',
      at: iso(t.now),
    })
    return id
  }
}

function threshold(rules: SimRule[], kind: string, fallback: number): number {
  return rules.find((r) => r.kind === kind)?.threshold ?? fallback
}
