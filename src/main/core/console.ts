// The console: the one engine type, built by both composition roots (Electron's main process and the
// headless console). It owns what lives as long as the process: the live state, the relay its views attach
// to once, health and presence listeners. It holds one session at a time (a project, a user and an org);
// connect, sign-in, sign-out and org switch replace the session and reset the live state inside a frame,
// so views see one framed snapshot and never re-attach.
import { systemClock, type Clock, type TimerHandle } from './clock'
import type { AlertActionOutcome, FloorConsole, HealthReport, ProjectTarget, Watcher } from './console-types'
import type { ConsoleOptions } from './console-types'
import { HandlerError } from './errors'
import { Feed, floorTopic, savedUserId, type PresenceMeta, type PresenceScreen } from './feed'
import type { CachedFloor } from './offline/cache'
import { OfflineDesk } from './offline/desk'
import { memoryFolder } from './offline/durable'
import type { Identity, PendingAction } from './offline/outbox'
import { HealthMetrics, type WakeReason } from './health'
import { LiveState } from './live'
import { Listeners, watchersFrom } from './presence'
import { probeProject, projectKey, targetFrom } from './project'
import { Relay, type ViewHandle, type ViewSink } from './relay'
import { buildReport, HealthTracker, RingLog, tableDiagnostics } from './report'
import { memorySessionStore, scopedSessionStore, type SessionStore } from './session-store'
import { freshness, projectHealth, type Health } from './session/health'
import { Session } from './session/session'
import { DEFAULT_CONFIG, type MachineConfig } from './session/types'
import { checkAlertAction, ruleUpdateError } from './actions'
import { parseAnnouncement, type Announcement, type AnnounceRequest } from '../../shared/walls'
import { SkewEstimator } from '../../shared/domain/server-time'
import type {
  AlertActionRequest,
  ConnectRequest,
  ConnectionSettings,
  Result,
  RuleUpdateRequest,
  SessionInfo,
  SignInRequest,
} from '../../shared/contract'
import type { AlertRule } from '../../shared/domain/rows'

const HEALTH_EMIT_EVERY_MS = 5_000
/** Screens coming and going within this long are announced in one presence update. */
const SCREENS_COALESCE_MS = 1_000

interface SessionPlan {
  credentials?: { email: string; password: string }
  force?: boolean
  orgId?: string
  /** Open on the project's cached floor, if it is this user's (start-up). */
  fromCache?: boolean
}

type Notice = { level: 'info' | 'warning' | 'error'; message: string }

export function createConsole(options: ConsoleOptions): Console {
  return new Console(options)
}

export class Console implements FloorConsole {
  readonly live = new LiveState()
  readonly relay: Relay
  readonly instanceId: string
  private readonly clock: Clock
  private readonly log: RingLog
  private readonly metrics: HealthMetrics
  private readonly skew = new SkewEstimator()
  private readonly config: Partial<MachineConfig>
  private readonly store: SessionStore
  private project: ProjectTarget | null
  private current: Session | null = null
  private signedOutReason: string | null = null
  private backendNote: string | null = null
  private online = true
  private watchers: Watcher[] = []
  /** The screens this console serves (null: it serves none and is counted as itself). */
  private screens: PresenceScreen[] | null = null
  private screensTimer: TimerHandle | undefined
  private readonly tracker = new HealthTracker()
  private readonly healthListeners = new Listeners<HealthReport>()
  private readonly presenceListeners = new Listeners<Watcher[]>()
  private readonly announcementListeners = new Listeners<unknown>()
  private readonly sessionListeners = new Listeners<SessionInfo>()
  private readonly noticeListeners = new Listeners<Notice>()
  private readonly outboxListeners = new Listeners<PendingAction[]>()
  private readonly offline: OfflineDesk
  private ops: Promise<unknown> = Promise.resolve()
  private interval: TimerHandle | undefined
  private started = false
  private stopped = false
  private lastEmitAt = 0
  private lastKey = ''
  private loggedState: string | null = null
  private sessions = 0

  constructor(private readonly o: ConsoleOptions) {
    this.clock = o.clock ?? systemClock
    this.log = new RingLog(o.log, this.clock)
    this.metrics = new HealthMetrics(this.clock)
    this.relay = new Relay(this.live, this.clock, o.relay)
    this.instanceId = o.instanceId ?? globalThis.crypto.randomUUID()
    this.offline = new OfflineDesk({
      folder: o.storage ?? memoryFolder(),
      clock: this.clock,
      live: this.live,
      notice: (level, message) => this.notice(level, message),
      context: () => this.cacheContext(),
      onOutbox: () => this.outboxListeners.emit(this.outbox()),
    })
    // The embedded backend's port is known only once it runs: until then, the one it had last time.
    this.project = o.project ?? (o.embedded ? this.offline.remembered.embedded() : null)
    this.store = o.sessionStore ?? memorySessionStore()
    this.config = {
      ...o.machine,
      requireConfirmation: (o.mode ?? 'postgres_changes') === 'postgres_changes',
      ...(o.heartbeatIntervalMs ? { heartbeatIntervalMs: o.heartbeatIntervalMs } : {}),
      ...(o.tickIntervalMs ? { tickIntervalMs: o.tickIntervalMs } : {}),
      reconnect: { ...DEFAULT_CONFIG.reconnect, ...o.machine?.reconnect, ...o.reconnect },
    }
  }

  /** Starts the first session (if a project is known) and resolves once it is live, or after a while. */
  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    this.interval = this.clock.setInterval(() => this.changed(true), 1_000)
    if (!this.project) return this.changed()
    await this.serial(() => this.replace({ credentials: this.project?.credentials, fromCache: true }))
    await this.current?.settled(this.o.startTimeoutMs ?? 10_000)
  }

  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.clock.clearInterval(this.interval)
    this.clock.clearTimeout(this.screensTimer)
    this.offline.flush()
    await this.current?.stop()
    this.relay.stop()
    this.healthListeners.clear()
    this.presenceListeners.clear()
    this.announcementListeners.clear()
    this.sessionListeners.clear()
    this.noticeListeners.clear()
    this.outboxListeners.clear()
  }

  attachView(sink: ViewSink): ViewHandle {
    return this.relay.addView(sink)
  }

  // --- projects and sessions -------------------------------------------------------------------------

  settings(): ConnectionSettings {
    return { url: this.project?.url ?? '', demo: this.project?.demo ?? this.o.embedded === true }
  }

  async connect(request: ConnectRequest): Promise<ConnectionSettings> {
    const next = targetFrom(request)
    await (this.o.probe ?? ((t: ProjectTarget) => probeProject(t, this.o.fetch)))(next)
    await this.serial(async () => {
      this.project = next
      await this.replace({})
    })
    await this.o.onConnected?.(next)
    return this.settings()
  }

  /**
   * The project itself moved (the embedded backend restarted on another port or with new keys): a new
   * session on it, signed in with its own credentials. Views follow through one framed snapshot.
   */
  useProject(target: ProjectTarget): Promise<void> {
    return this.serial(async () => {
      this.project = target
      this.offline.remembered.remember(target)
      await this.replace({ credentials: target.credentials, fromCache: true })
    })
  }

  /** A note about the backend itself (the supervisor restarting it), shown while the floor is not live. */
  setBackendNote(note: string | null): void {
    this.backendNote = note
    this.changed()
  }

  async signIn(input: SignInRequest): Promise<SessionInfo> {
    const session = await this.serial(async () => {
      if (!this.project) throw new HandlerError('no_project', 'The console has no project to sign in to yet.')
      return this.replace({ credentials: input, force: true })
    })
    await session.authenticated()
    if (session.authError) throw new HandlerError('sign_in_failed', session.authError.message)
    return this.session()
  }

  async signOut(): Promise<SessionInfo> {
    await this.serial(async () => {
      const old = this.current
      // Channels go first: a channel left joined with a revoked token errors in a loop (supabase-js#2596).
      await old?.feed.parkChannel()
      await old?.feed.signOut().catch((err: unknown) => this.log.warn(`sign-out: ${String(err)}`))
      // The next start must not show this floor to whoever comes next.
      if (this.project) this.offline.forget(projectKey(this.project))
      await this.end('Signed out')
    })
    return this.session()
  }

  async switchOrg(orgId: string): Promise<SessionInfo> {
    const identity = this.current?.identity
    if (!identity) throw new HandlerError('unauthenticated', 'Sign in first.')
    if (orgId === identity.orgId) return this.session()
    if (!identity.orgs.some((org) => org.id === orgId)) {
      throw new HandlerError('forbidden', `Not a member of organisation ${orgId}`)
    }
    const session = await this.serial(() => this.replace({ orgId }))
    await session.settled(this.o.startTimeoutMs ?? 10_000)
    return this.session()
  }

  session(): SessionInfo {
    const id = this.current?.identity
    return { user: id?.user ?? null, orgs: id?.orgs.map((o) => ({ ...o })) ?? [], orgId: id?.orgId ?? null }
  }

  /** The session changed (signed in, out, another org): the renderer's account panel follows. */
  onSession(listener: (s: SessionInfo) => void): () => void {
    return this.sessionListeners.add(listener)
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.ops.then(op, op)
    this.ops = run.catch(() => undefined)
    return run
  }

  /** Ends the current session and forgets its floor (views get one empty snapshot frame). */
  private async end(reason: string | null): Promise<void> {
    const old = this.current
    this.current = null
    this.offline.closed()
    this.signedOutReason = reason
    await old?.stop()
    this.live.reset()
    this.watchers = []
    this.presenceListeners.emit([])
    this.sessionListeners.emit(this.session())
    this.changed()
  }

  private async replace(plan: SessionPlan): Promise<Session> {
    await this.end('Signed out: sign in to see the floor')
    const cached = plan.fromCache ? await this.cachedFloor() : null
    const session = this.createSession({ ...plan, orgId: plan.orgId ?? cached?.orgId }, cached)
    this.current = session
    session.start()
    return session
  }

  /**
   * The project's cached floor, put on screen at once, when it belongs to the user whose session is saved
   * (nobody else's floor is ever shown, and a signed-out console shows none).
   */
  private async cachedFloor(): Promise<CachedFloor | null> {
    const project = this.project
    if (!project) return null
    const key = projectKey(project)
    const floor = this.offline.open(key, await savedUserId(scopedSessionStore(this.store, key)))
    if (!floor) return null
    this.log.info(
      `opened on the cached floor of ${new Date(floor.confirmedAt ?? floor.savedAt).toISOString()}`,
    )
    return floor
  }

  private createSession(plan: SessionPlan, cached: CachedFloor | null): Session {
    const project = this.project as ProjectTarget
    const o = this.o
    const store = scopedSessionStore(this.store, projectKey(project))
    this.sessions++
    const session: Session = new Session({
      createFeed: (hooks) =>
        (o.createFeed ?? ((fo) => new Feed(fo)))({
          supabaseUrl: project.url,
          anonKey: project.anonKey,
          sessionStore: store,
          webSocket: o.webSocket,
          fetch: o.fetch,
          heartbeatIntervalMs: this.config.heartbeatIntervalMs ?? DEFAULT_CONFIG.heartbeatIntervalMs,
          mode: o.mode ?? 'postgres_changes',
          presenceKey: this.instanceId,
          now: () => this.clock.now(),
          ...hooks,
        }),
      live: this.live,
      clock: this.clock,
      random: o.random ?? Math.random,
      log: this.log,
      config: { ...this.config, unattended: plan.credentials !== undefined && !plan.force },
      credentials: plan.credentials,
      forceSignIn: plan.force,
      orgId: plan.orgId ?? o.orgId,
      presence: { kind: o.kind ?? 'console', screens: () => this.screens ?? undefined },
      catchUp: {
        pageSize: o.catchUp?.pageSize ?? 1000,
        overlapSeq: o.catchUp?.overlapSeq ?? 1000,
        concurrency: o.catchUp?.concurrency ?? 4,
      },
      resumeFrom: cached && {
        confirmedAt: cached.confirmedAt,
        incremental: cached.complete,
        orgId: cached.orgId,
        userId: cached.userId,
      },
      metrics: this.metrics,
      skew: this.skew,
      onAuthenticated: (_identity, keepFloor) => {
        if (this.current !== session) return
        // A cached floor of another user or org must not stay on screen a moment longer.
        if (!keepFloor) this.live.reset()
        this.sessionListeners.emit(this.session())
      },
      onPresence: (state) => {
        if (this.current !== session) return
        this.watchers = watchersFrom(state as Record<string, PresenceMeta[]>, this.instanceId)
        this.presenceListeners.emit(this.watchers)
      },
      onAnnouncement: (payload) => {
        if (this.current === session) this.announcementListeners.emit(payload)
      },
      onChange: () => {
        if (this.current === session) this.changed()
      },
    })
    return session
  }

  // --- health ----------------------------------------------------------------------------------------

  private projectedHealth(now: number): Health {
    if (!this.project) return { state: 'CONNECTING', reason: this.backendNote ?? 'Starting the backend' }
    const s = this.current?.state
    if (!s) return { state: 'OFFLINE', reason: this.signedOutReason ?? 'Signed out' }
    const h = projectHealth(s, now)
    // The supervisor knows why the backend is away; that beats "connection closed (1006)".
    if (this.backendNote && h.state !== 'LIVE' && h.state !== 'DEGRADED')
      return { ...h, reason: this.backendNote }
    return h
  }

  health(): HealthReport {
    const now = this.clock.now()
    const s = this.current?.state ?? null
    const { health } = this.tracker.update(this.projectedHealth(now), now)
    const fresh = s ? freshness(s, now) : { live: false, asOf: null }
    const id = this.current?.identity
    return buildReport({
      health,
      state: s,
      mode: this.o.mode ?? 'postgres_changes',
      orgId: id?.orgId ?? null,
      topic: id ? floorTopic(id.orgId) : null,
      metrics: this.metrics,
      gaps: this.current?.merger.gaps ?? null,
      skew: this.skew,
      live: this.live,
      unreadable: this.current?.unreadable ?? 0,
      tickIntervalMs: this.config.tickIntervalMs ?? DEFAULT_CONFIG.tickIntervalMs,
      data: { source: this.live.source, asOf: fresh.asOf, live: fresh.live },
      now,
    })
  }

  /** Re-projects health; tells listeners when the state or reason changed, or periodically (metrics). */
  private changed(periodic = false): void {
    if (this.stopped || !this.started) return
    const before = this.loggedState
    const report = this.health()
    const key = `${report.state}\u0000${report.reason}`
    const now = this.clock.now()
    this.replayOutbox()
    if (key === this.lastKey && !(periodic && now - this.lastEmitAt >= HEALTH_EMIT_EVERY_MS)) return
    this.lastKey = key
    this.lastEmitAt = now
    if (report.state !== before) this.log.info(`health ${report.state}: ${report.reason}`)
    this.loggedState = report.state
    this.healthListeners.emit(report, (err) => this.log.error('health listener failed', err))
  }

  onHealth(listener: (h: HealthReport) => void): () => void {
    return this.healthListeners.add(listener)
  }

  presence(): Watcher[] {
    return [...this.watchers]
  }

  /**
   * A screen came or went: the presence on the org channel follows within a second. Changes are
   * coalesced (a remote reload of every wall is one update, not one per screen): Realtime limits presence
   * messages per second, and each one reaches every console of the org.
   */
  setScreens(screens: readonly PresenceScreen[]): void {
    this.screens = screens.map((s) => ({ ...s }))
    if (this.screensTimer !== undefined) return
    this.screensTimer = this.clock.setTimeout(() => {
      this.screensTimer = undefined
      this.current?.updatePresence()
    }, SCREENS_COALESCE_MS)
  }

  onPresence(listener: (w: Watcher[]) => void): () => void {
    return this.presenceListeners.add(listener)
  }

  onAnnouncement(listener: (payload: unknown) => void): () => void {
    return this.announcementListeners.add(listener)
  }

  // --- actions and OS events -------------------------------------------------------------------------

  async announce(input: AnnounceRequest): Promise<Announcement> {
    const session = this.current
    const orgId = session?.identity?.orgId
    if (!session || !orgId) throw new HandlerError('unauthenticated', 'Sign in first.')
    const sent = parseAnnouncement(await session.feed.announce({ orgId, ...input }))
    if (!sent) throw new HandlerError('failed', 'The server did not confirm the announcement.')
    return sent
  }

  /** Every action goes through the outbox (offline/desk.ts): sent at once while the session is live. */
  async alertAction(input: Parameters<FloorConsole['alertAction']>[0]): Promise<Result<AlertActionOutcome>> {
    const invalid = checkAlertAction(input)
    if (invalid) return invalid
    const identity = this.identity()
    if (!identity) return { ok: false, error: { code: 'unauthenticated', message: 'Sign in first.' } }
    return this.offline.act(input, identity, this.liveSender())
  }

  /** Admins change a rule while live; offline it is refused, not queued (a rule change is decided now). */
  async updateRule(input: RuleUpdateRequest): Promise<Result<AlertRule>> {
    const session = this.current
    if (!session?.identity)
      return { ok: false, error: { code: 'unauthenticated', message: 'Sign in first.' } }
    if (!session.state.sync.live) {
      const message = 'Alert rules can be changed only while connected.'
      return { ok: false, error: { code: 'offline', message } }
    }
    try {
      return { ok: true, data: await session.feed.updateRule(input) }
    } catch (err) {
      return ruleUpdateError(err)
    }
  }

  /** Actions waiting in the outbox for the signed-in user. */
  outbox(): PendingAction[] {
    return this.offline.pending(this.identity())
  }

  onOutbox(listener: (pending: PendingAction[]) => void): () => void {
    return this.outboxListeners.add(listener)
  }

  /** Things the user must be told (a cache kept aside, a full disk, an action refused on replay). */
  onNotice(listener: (notice: Notice) => void): () => void {
    return this.noticeListeners.add(listener)
  }

  private notice(level: Notice['level'], message: string): void {
    this.log[level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'info'](message)
    this.noticeListeners.emit({ level, message })
  }

  private identity(): Identity | null {
    if (!this.project) return null
    const id = this.current?.identity
    return this.offline.identity(
      projectKey(this.project),
      id ? { userId: id.user.id, orgId: id.orgId } : null,
    )
  }

  /** The server, through the current session, when it is live. */
  private liveSender() {
    const session = this.current
    if (!session?.state.sync.live) return null
    return {
      send: (action: AlertActionRequest) => session.feed.alertAction(action),
      applied: (id: string) => session.feed.alertActionApplied(id),
    }
  }

  /** Replays what is pending once the session is live (called on every health evaluation). */
  private replayOutbox(): void {
    const sender = this.liveSender()
    const identity = this.identity()
    if (sender && identity) this.offline.replay(identity, sender)
  }

  private cacheContext() {
    const id = this.current?.identity
    const s = this.current?.state
    if (!id || !s || !this.project) return null
    const h = this.tracker.last
    return {
      project: projectKey(this.project),
      orgId: id.orgId,
      userId: id.user.id,
      confirmedAt: s.confirmedAt,
      health: h ? { state: h.state, reason: h.reason } : null,
    }
  }

  wake(reason: WakeReason): void {
    this.current?.dispatch({ type: 'wake', reason })
  }

  setNetworkOnline(online: boolean): void {
    this.online = online
    this.current?.dispatch({ type: 'network', online })
  }

  serverNow(): number {
    return this.skew.serverNow(this.clock.now())
  }

  diagnostics(): Record<string, unknown> {
    const session = this.current
    return {
      console: {
        project: this.settings(),
        mode: this.o.mode ?? 'postgres_changes',
        kind: this.o.kind ?? 'console',
        instanceId: this.instanceId,
        online: this.online,
        sessions: this.sessions,
      },
      session: this.session(),
      machine: session ? { ...session.state, config: undefined } : null,
      health: this.health(),
      tables: tableDiagnostics(this.live),
      buffered: session?.merger.buffered ?? 0,
      relay: this.relay.stats(),
      connection: {
        channelsOpened: session?.feed.channelsOpened ?? 0,
        refreshes: session?.feed.auth.refreshes ?? 0,
        channelErrors: session?.channelErrors ?? 0,
        replacements: session?.replacements ?? 0,
      },
      listenerErrors: this.live.listenerErrors,
      log: this.log.recent(),
    }
  }
}
