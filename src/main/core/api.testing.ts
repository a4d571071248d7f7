// An in-memory ConsoleEngine for tests of the shells (bridge, SSE, IPC): real Relay, state set by the test.
import type { AlertActionRequest, SessionInfo } from '../../shared/contract'
import type { Delta } from '../../shared/domain/delta'
import type { RowByTable, TableName } from '../../shared/domain/tables'
import type { HealthReport, Watcher } from '../../shared/health'
import type { ConsoleEngine } from './api'
import { systemClock, type Clock } from './clock'
import { Relay, type RelayOptions, type ViewHandle, type ViewSink } from './relay'

export function fakeHealth(
  state: HealthReport['state'] = 'LIVE',
  reason = 'All channels subscribed',
): HealthReport {
  const headroom = { used: 0, limit: 100, headroomPercent: 100, ratio: 0 }
  return {
    state,
    reason,
    since: Date.now(),
    transport: 'websocket',
    metrics: {
      heartbeatRttMs: { last: 3, series: [] },
      latencyMs: { last: 10, p50: 10, p99: 20, series: [] },
      eventsPerSecond: {},
      totalEventsPerSecond: 0,
      reconnects: 0,
      lastEventAgeMs: null,
      tokenExpiresInMs: null,
      quota: { channels: { ...headroom, used: 1 }, messagesPerSecond: headroom },
    },
    channels: [{ topic: 'realtime:floor:test', status: 'connected' }],
    gaps: [],
    skewMs: 0,
  }
}

export class FakeEngine implements ConsoleEngine {
  readonly actions: AlertActionRequest[] = []
  actionResult: { ok: true } | { ok: false; error: { code: string; message: string } } = { ok: true }
  private readonly rows = new Map<string, Delta>()
  private readonly deltaListeners = new Set<(d: readonly Delta[]) => void>()
  private readonly healthListeners = new Set<(h: HealthReport) => void>()
  private readonly presenceListeners = new Set<(w: Watcher[]) => void>()
  private currentHealth = fakeHealth()
  private watchers: Watcher[] = []
  readonly relay: Relay

  constructor(clock: Clock = systemClock, relay: Partial<RelayOptions> = { flushIntervalMs: 10 }) {
    this.relay = new Relay(
      {
        snapshot: () => [...this.rows.values()],
        subscribe: (l) => {
          this.deltaListeners.add(l)
          return () => this.deltaListeners.delete(l)
        },
      },
      clock,
      relay,
    )
  }

  upsert<T extends TableName>(table: T, row: RowByTable[T] & { id: string }): void {
    const delta = { kind: 'upsert', table, id: row.id, row } as Delta
    this.rows.set(`${table}:${row.id}`, delta)
    for (const l of this.deltaListeners) l([delta])
  }

  remove(table: TableName, id: string): void {
    this.rows.delete(`${table}:${id}`)
    for (const l of this.deltaListeners) l([{ kind: 'remove', table, id }])
  }

  setHealth(h: HealthReport): void {
    this.currentHealth = h
    for (const l of this.healthListeners) l(h)
  }

  setPresence(w: Watcher[]): void {
    this.watchers = w
    for (const l of this.presenceListeners) l(w)
  }

  attachView(sink: ViewSink): ViewHandle {
    return this.relay.addView(sink)
  }
  health(): HealthReport {
    return this.currentHealth
  }
  onHealth(listener: (h: HealthReport) => void): () => void {
    this.healthListeners.add(listener)
    return () => this.healthListeners.delete(listener)
  }
  presence(): Watcher[] {
    return this.watchers
  }
  onPresence(listener: (w: Watcher[]) => void): () => void {
    this.presenceListeners.add(listener)
    return () => this.presenceListeners.delete(listener)
  }
  session(): SessionInfo {
    return {
      user: { id: 'u1', email: 'demo@example.test' },
      orgs: [{ id: 'o1', name: 'Org', role: 'supervisor' }],
      orgId: 'o1',
    }
  }
  async alertAction(input: AlertActionRequest) {
    this.actions.push(input)
    return this.actionResult
  }
  diagnostics(): Record<string, unknown> {
    return { fake: true }
  }
}
