// An in-memory FloorConsole for tests of the shells (bridge, SSE, IPC): real Relay, state set by the test.
import type {
  AlertActionOutcome,
  AlertActionRequest,
  ConnectRequest,
  Notice,
  PendingAction,
  Result,
  RuleUpdateRequest,
  SessionInfo,
  SignInRequest,
} from '../../shared/contract'
import type { DataSource, Delta } from '../../shared/domain/delta'
import type { AlertRule } from '../../shared/domain/rows'
import type { RowByTable, TableName } from '../../shared/domain/tables'
import type { HealthReport, Watcher } from '../../shared/health'
import type { Announcement, AnnounceRequest } from '../../shared/walls'
import type { FloorConsole, HealthReport as ConsoleHealth, Watcher as ConsoleWatcher } from './console-types'
import type { PresenceScreen } from './feed'
import type { LiveEvent } from './live'
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
    data: { source: 'server', asOf: Date.now(), live: state === 'LIVE' },
  }
}

export class FakeConsole implements FloorConsole {
  readonly actions: AlertActionRequest[] = []
  readonly calls: {
    connect: ConnectRequest[]
    signIn: SignInRequest[]
    signOut: number
    switchOrg: string[]
  } = {
    connect: [],
    signIn: [],
    signOut: 0,
    switchOrg: [],
  }
  actionResult: Result<AlertActionOutcome> = { ok: true, data: { status: 'sent' } }
  private readonly rows = new Map<string, Delta>()
  private readonly liveListeners = new Set<(e: LiveEvent) => void>()
  private source: DataSource = 'server'
  private readonly healthListeners = new Set<(h: ConsoleHealth) => void>()
  private readonly presenceListeners = new Set<(w: ConsoleWatcher[]) => void>()
  private currentHealth = fakeHealth()
  private watchers: Watcher[] = []
  readonly relay: Relay

  constructor(clock: Clock = systemClock, relay: Partial<RelayOptions> = { flushIntervalMs: 10 }) {
    const source = () => this.source
    this.relay = new Relay(
      {
        snapshot: () => [...this.rows.values()],
        get source() {
          return source()
        },
        subscribe: (l) => {
          this.liveListeners.add(l)
          return () => this.liveListeners.delete(l)
        },
      },
      clock,
      relay,
    )
  }

  upsert<T extends TableName>(table: T, row: RowByTable[T] & { id: string }): void {
    const delta = { kind: 'upsert', table, id: row.id, row } as Delta
    this.rows.set(`${table}:${row.id}`, delta)
    for (const l of this.liveListeners) l({ kind: 'live', deltas: [delta] })
  }

  remove(table: TableName, id: string): void {
    this.rows.delete(`${table}:${id}`)
    for (const l of this.liveListeners) l({ kind: 'live', deltas: [{ kind: 'remove', table, id }] })
  }

  /** The whole state replaced (a new session, a full resync): views get a snapshot frame. */
  replaceAll(rows: Delta[], source: DataSource = 'server'): void {
    this.rows.clear()
    for (const d of rows) if (d.kind === 'upsert') this.rows.set(`${d.table}:${d.id}`, d)
    this.source = source
    for (const l of this.liveListeners) l({ kind: 'snapshot', source })
  }

  /** A catch-up's changes: applied, and relayed as one resync frame. */
  resync(deltas: Delta[], source: DataSource = 'server'): void {
    this.source = source
    for (const d of deltas) {
      if (d.kind === 'upsert') this.rows.set(`${d.table}:${d.id}`, d)
      else this.rows.delete(`${d.table}:${d.id}`)
    }
    for (const l of this.liveListeners) l({ kind: 'resync', deltas, source })
  }

  setHealth(h: HealthReport): void {
    this.currentHealth = h
    for (const l of this.healthListeners) l(h as ConsoleHealth)
  }

  setPresence(w: Watcher[]): void {
    this.watchers = w
    for (const l of this.presenceListeners) l(w as ConsoleWatcher[])
  }

  attachView(sink: ViewSink): ViewHandle {
    return this.relay.addView(sink)
  }
  health(): ConsoleHealth {
    return this.currentHealth as ConsoleHealth
  }
  onHealth(listener: (h: ConsoleHealth) => void): () => void {
    this.healthListeners.add(listener)
    return () => this.healthListeners.delete(listener)
  }
  presence(): ConsoleWatcher[] {
    return this.watchers as ConsoleWatcher[]
  }
  onPresence(listener: (w: ConsoleWatcher[]) => void): () => void {
    this.presenceListeners.add(listener)
    return () => this.presenceListeners.delete(listener)
  }
  /** What a headless console last announced it serves (null: never). */
  screens: PresenceScreen[] | null = null
  setScreens(screens: readonly PresenceScreen[]): void {
    this.screens = [...screens]
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
  readonly ruleUpdates: RuleUpdateRequest[] = []
  async updateRule(input: RuleUpdateRequest): Promise<Result<AlertRule>> {
    this.ruleUpdates.push(input)
    return { ok: true, data: { id: input.ruleId } as AlertRule }
  }
  diagnostics(): Record<string, unknown> {
    return { fake: true }
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {
    this.relay.stop()
  }
  readonly announcements: AnnounceRequest[] = []
  async announce(input: AnnounceRequest): Promise<Announcement> {
    this.announcements.push(input)
    const sentAt = new Date().toISOString()
    const until = new Date(Date.now() + input.minutes * 60_000).toISOString()
    return { id: `a${this.announcements.length}`, text: input.text, from: null, sentAt, until }
  }
  private readonly announcementListeners = new Set<(payload: unknown) => void>()
  onAnnouncement(listener: (payload: unknown) => void): () => void {
    this.announcementListeners.add(listener)
    return () => this.announcementListeners.delete(listener)
  }
  /** As if an `announcement` broadcast arrived on the org channel. */
  emitAnnouncement(payload: unknown): void {
    for (const l of this.announcementListeners) l(payload)
  }
  onSession(): () => void {
    return () => {}
  }
  readonly pendingActions: PendingAction[] = []
  outbox(): PendingAction[] {
    return this.pendingActions
  }
  onOutbox(): () => void {
    return () => {}
  }
  private readonly noticeListeners = new Set<(n: Notice) => void>()
  onNotice(listener: (n: Notice) => void): () => void {
    this.noticeListeners.add(listener)
    return () => this.noticeListeners.delete(listener)
  }
  notice(n: Notice): void {
    for (const l of this.noticeListeners) l(n)
  }
  settings() {
    return { url: 'http://127.0.0.1:54321', demo: true }
  }
  async connect(request: ConnectRequest) {
    this.calls.connect.push(request)
    return { url: request.url, demo: false }
  }
  async signIn(request: SignInRequest) {
    this.calls.signIn.push(request)
    return this.session()
  }
  async signOut() {
    this.calls.signOut++
    return { user: null, orgs: [], orgId: null }
  }
  async switchOrg(orgId: string) {
    this.calls.switchOrg.push(orgId)
    return this.session()
  }
  wake(): void {}
  setNetworkOnline(): void {}
  serverNow(): number {
    return Date.now()
  }
}
