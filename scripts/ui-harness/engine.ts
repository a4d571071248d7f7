// A FakeConsole that behaves like a live floor: seeded rows, a steady stream of call and agent changes at a
// chosen rate, heartbeats, health with real-looking series, presence, and alert actions that take effect.
import { FakeConsole, fakeHealth } from '../../src/main/core/api.testing'
import type { AlertActionRequest } from '../../src/shared/contract'
import type { RowByTable, TableName } from '../../src/shared/domain/tables'
import type { HealthReport, SeriesPoint } from '../../src/shared/health'
import { advance, Floor, heartbeat, newCall, ORG, seedStatic, type Upsert } from './floor'
import { seedHistory } from './history'

export interface DemoOptions {
  calls: number
  agents: number
  /** Floor changes per second. */
  rate: number
  seed: number
}

const STATUS_FOR: Record<string, RowByTable['alerts']['status']> = {
  ack: 'acknowledged',
  snooze: 'snoozed',
  resolve: 'resolved',
  reopen: 'open',
}

export class DemoEngine extends FakeConsole {
  readonly floor: Floor
  private readonly liveCalls: RowByTable['calls'][] = []
  private readonly sessions: RowByTable['agent_sessions'][] = []
  private readonly alertsById = new Map<string, RowByTable['alerts']>()
  private timers: ReturnType<typeof setInterval>[] = []
  private healthState: HealthReport['state'] = 'LIVE'
  private rtt: SeriesPoint[] = []
  private latency: SeriesPoint[] = []
  private sent = 0

  constructor(private readonly opts: DemoOptions) {
    super(undefined, { flushIntervalMs: 50 })
    this.floor = new Floor(opts.seed, Date.now)
    const up: Upsert = (table, row) => this.put(table, row)
    seedStatic(this.floor, up, opts.agents)
    seedHistory(this.floor, up)
    for (let i = 0; i < opts.calls; i++) this.liveCalls.push(this.putCall(newCall(this.floor)))
    this.seedSessions()
    this.seedAlerts()
    this.setPresence([
      { key: 'c1', kind: 'console', email: 'demo@floorwatch.local', since: new Date().toISOString() },
      { key: 'c2', kind: 'console', email: 'sam.lee@floorwatch.local', since: new Date().toISOString() },
      { key: 'w1', kind: 'wallboard', email: 'wall@floorwatch.local', since: new Date().toISOString() },
    ])
    this.publishHealth()
  }

  private put<T extends TableName>(table: T, row: RowByTable[T]): void {
    this.sent++
    this.upsert(table, row as RowByTable[T] & { id: string })
  }

  private putCall(call: RowByTable['calls']): RowByTable['calls'] {
    this.put('calls', call)
    return call
  }

  private seedSessions(): void {
    const f = this.floor
    const statuses = ['available', 'on_call', 'on_call', 'on_call', 'wrap_up', 'break', 'offline'] as const
    f.agents.forEach((a, i) => {
      const status = statuses[i % statuses.length]!
      const idle = i % 23 === 5
      const s: RowByTable['agent_sessions'] = {
        ...f.base(),
        agent_id: a.id,
        status: idle ? 'available' : status,
        status_since: f.iso(20_000 + f.rnd() * 1_800_000),
        last_seen_at: f.iso(idle ? 7 * 60_000 : f.rnd() * 20_000),
        instance_id: `desk-${i}`,
        current_call_id: status === 'on_call' ? (this.liveCalls[i]?.id ?? null) : null,
      }
      this.sessions.push(s)
      this.put('agent_sessions', s)
    })
  }

  private seedAlerts(): void {
    const f = this.floor
    const specs = [
      [
        'critical',
        'Recording store is down',
        'TCP connect to rec.example.net:443 refused for 3 checks.',
        'open',
      ],
      [
        'warning',
        'Support: service level below target',
        'Service level 71 % against a target of 80 % in 20 s.',
        'open',
      ],
      ['warning', 'SIP trunk B degraded', 'Ping above 200 ms for 2 minutes.', 'acknowledged'],
      ['info', 'Billing queue depth rising', '14 calls waiting, threshold 12.', 'snoozed'],
      [
        'warning',
        'Agent idle for 7 minutes',
        'An available agent has sent no heartbeat for 7 minutes.',
        'open',
      ],
      ['critical', 'CRM API errors', 'HTTP 503 on 4 checks.', 'resolved'],
    ] as const
    specs.forEach(([severity, title, body, status], i) => {
      const raised = f.iso((i + 1) * 4 * 60_000)
      const alert: RowByTable['alerts'] = {
        ...f.base(),
        rule_id: null,
        severity,
        title,
        body,
        source_table: null,
        source_id: null,
        status,
        raised_at: raised,
        acknowledged_at: status === 'acknowledged' ? f.iso(i * 60_000) : null,
        acknowledged_by: null,
        snoozed_until: status === 'snoozed' ? new Date(Date.now() + 15 * 60_000).toISOString() : null,
        resolved_at: status === 'resolved' ? f.iso(60_000) : null,
        resolved_by: null,
        dedupe_key: null,
        escalated_at: null,
      }
      this.alertsById.set(alert.id, alert)
      this.put('alerts', alert)
      this.event(alert.id, 'raise', null, raised)
      if (status !== 'open')
        this.event(
          alert.id,
          status === 'acknowledged' ? 'ack' : status === 'snoozed' ? 'snooze' : 'resolve',
          status === 'resolved' ? 'Failed over to the standby CRM.' : null,
        )
    })
  }

  private event(
    alertId: string,
    kind: RowByTable['alert_events']['kind'],
    comment: string | null,
    at?: string,
    clientEventId: string | null = null,
    snoozeUntil: string | null = null,
  ) {
    this.put('alert_events', {
      ...this.floor.base(),
      alert_id: alertId,
      kind,
      actor: null,
      comment,
      snooze_until: snoozeUntil,
      client_event_id: clientEventId,
      at: at ?? new Date().toISOString(),
      actor_kind: kind === 'raise' ? 'system' : 'user',
      actor_name: kind === 'raise' ? 'Alert rules' : 'demo@floorwatch.local',
    })
  }

  override session() {
    return {
      user: { id: '00000000-0000-4000-8000-0000000000a1', email: 'demo@floorwatch.local' },
      orgs: [
        { id: ORG, name: 'Northwind Contact Centre', role: 'supervisor' },
        { id: '00000000-0000-4000-8000-00000000f200', name: 'Northwind Outsourcing', role: 'supervisor' },
      ],
      orgId: ORG,
    }
  }

  override async alertAction(input: AlertActionRequest) {
    const result = await super.alertAction(input)
    const alert = this.alertsById.get(input.alertId)
    if (!alert) return { ok: false as const, error: { code: 'not_found', message: 'No such alert.' } }
    const now = new Date().toISOString()
    const status = STATUS_FOR[input.kind] ?? alert.status
    const next: RowByTable['alerts'] = {
      ...alert,
      ...this.floor.base(alert.id),
      status,
      acknowledged_at: input.kind === 'ack' ? now : alert.acknowledged_at,
      snoozed_until: input.kind === 'snooze' ? (input.snoozeUntil ?? null) : alert.snoozed_until,
      resolved_at: input.kind === 'resolve' ? now : alert.resolved_at,
    }
    this.alertsById.set(alert.id, next)
    this.put('alerts', next)
    this.event(
      alert.id,
      input.kind,
      input.comment ?? null,
      now,
      input.clientEventId,
      input.snoozeUntil ?? null,
    )
    return result
  }

  /** Starts the stream of changes: `rate` per second in 20 steps a second. */
  override async start(): Promise<void> {
    const perStep = this.opts.rate / 20
    let carry = 0
    this.timers.push(
      setInterval(() => {
        carry += perStep
        for (; carry >= 1; carry--) this.step()
      }, 50),
      setInterval(() => this.second(), 1000),
    )
  }

  private step(): void {
    const f = this.floor
    const i = Math.floor(f.rnd() * this.liveCalls.length)
    const call = this.liveCalls[i]
    if (!call) return
    const next = advance(f, call)
    if (next) this.liveCalls[i] = this.putCall(next)
    else {
      this.remove('calls', call.id)
      this.liveCalls[i] = this.putCall(newCall(f, 'queued'))
    }
    if (f.rnd() < 0.05) this.stepAgent()
  }

  private stepAgent(): void {
    const f = this.floor
    const i = Math.floor(f.rnd() * this.sessions.length)
    const s = this.sessions[i]!
    const status = f.pick(['available', 'on_call', 'wrap_up', 'break'] as const)
    const now = new Date().toISOString()
    this.sessions[i] = {
      ...s,
      ...f.base(s.id),
      status,
      status_since: status === s.status ? s.status_since : now,
      last_seen_at: now,
    }
    this.put('agent_sessions', this.sessions[i]!)
  }

  private second(): void {
    const f = this.floor
    const m = f.pick(f.monitors)
    heartbeat(f, (t, r) => this.put(t, r), m, 0)
    this.put('monitors', { ...m, ...f.base(m.id), last_checked_at: new Date().toISOString() })
    if (this.healthState === 'LIVE') this.publishHealth()
  }

  setState(state: HealthReport['state'], reason?: string): void {
    this.healthState = state
    this.publishHealth(reason)
  }

  private publishHealth(reason?: string): void {
    const now = Date.now()
    const f = this.floor
    this.rtt = [...this.rtt, { t: now, v: 8 + f.rnd() * 20 }].slice(-300)
    this.latency = [...this.latency, { t: now, v: 40 + f.rnd() * 60 }].slice(-300)
    const base = fakeHealth(this.healthState, reason ?? DEFAULT_REASON[this.healthState])
    const eps = this.sent
    this.sent = 0
    this.setHealth({
      ...base,
      since: this.healthState === 'LIVE' ? now - 3_600_000 : now,
      metrics: {
        ...base.metrics,
        heartbeatRttMs: { last: this.rtt.at(-1)!.v, series: this.rtt },
        latencyMs: { last: this.latency.at(-1)!.v, p50: 62, p99: 140, series: this.latency },
        eventsPerSecond: { calls: eps },
        totalEventsPerSecond: eps,
        reconnects: 1,
        lastEventAgeMs: this.healthState === 'LIVE' ? 120 : 45_000,
        tokenExpiresInMs: 42 * 60_000,
        quota: {
          channels: { used: 2, limit: 100, headroomPercent: 98, ratio: 0.02 },
          messagesPerSecond: {
            used: Math.min(eps, 100),
            limit: 100,
            headroomPercent: Math.max(0, 100 - eps),
            ratio: Math.min(1, eps / 100),
          },
        },
      },
      channels: [
        {
          topic: 'realtime:floor:00000000-0000-4000-8000-00000000f100',
          status: this.healthState === 'OFFLINE' ? 'disconnected' : 'connected',
        },
        {
          topic: 'realtime:presence:floor',
          status: this.healthState === 'OFFLINE' ? 'disconnected' : 'connected',
        },
      ],
      gaps: [{ table: 'calls', missed: 3, caughtUp: 3, at: now - 20 * 60_000 }],
      skewMs: 42,
      data: {
        source: 'server',
        asOf: this.healthState === 'LIVE' ? now : now - 45_000,
        live: this.healthState === 'LIVE',
      },
    })
  }

  override async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    this.timers = []
  }
}

const DEFAULT_REASON: Record<HealthReport['state'], string> = {
  LIVE: 'All channels subscribed, caught up, server tick fresh',
  CONNECTING: 'Joining the floor channel',
  DEGRADED: 'Realtime unavailable: polling over REST every 5 s',
  STALE: 'No server tick for 15 s: the feed may be stuck',
  OFFLINE: 'Cannot reach the backend: the network is down or the server stopped',
}
