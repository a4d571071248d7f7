// The console's public shape: what the Electron shell, the headless console and the request handlers build
// on. One type, implemented by Console (console.ts) and by the in-memory console of the shells' tests.
import type { Clock } from './clock'
import type { WakeReason } from './health'
import type { GapEntry, MalformedCount } from './live'
import type { RelayOptions, ViewHandle, ViewSink } from './relay'
import type { SessionStore } from './session-store'
import type { MachineConfig } from './session/types'
import type { SessionFeed } from './session/ports'
import type { FeedOptions, PresenceScreen } from './feed'
import type { StoreFolder } from './offline/durable'
import type { TableName } from '../../shared/domain/tables'
import type { Announcement, AnnounceRequest } from '../../shared/walls'
import type { HealthReport as SharedHealthReport, Watcher as SharedWatcher } from '../../shared/health'
import type {
  PendingAction,
  Result,
  Notice,
  AlertActionOutcome,
  AlertActionRequest,
  ConnectRequest,
  ConnectionSettings,
  RuleUpdateRequest,
  SessionInfo,
  SignInRequest,
} from '../../shared/contract'
import type { AlertRule } from '../../shared/domain/rows'

export type DeliveryMode = 'postgres_changes' | 'broadcast'

export interface EngineLog {
  info(m: string): void
  warn(m: string): void
  error(m: string, e?: unknown): void
}

/** A Supabase project (or the embedded backend): where a session connects, never with a secret key. */
export interface ProjectTarget {
  url: string
  anonKey: string
  demo: boolean
  /** Sign in unattended (servers, wall displays, the demo) when no session is saved. */
  credentials?: { email: string; password: string }
}

export interface ConsoleOptions {
  /** The project to connect to; none yet (the embedded backend still starting) waits for useProject(). */
  project?: ProjectTarget | null
  /** The project will be the embedded demo backend (known before it has started). */
  embedded?: boolean
  /** Where the offline cache and the outbox live (electron-store, conf); default in memory. */
  storage?: StoreFolder
  /** Port: load/save/clear the auth session (Electron encrypts; headless: memory). */
  sessionStore?: SessionStore
  /** Default: the user's first membership. */
  orgId?: string
  mode?: DeliveryMode
  clock?: Clock
  /** In [0, 1): backoff jitter (seeds each session's machine). */
  random?: () => number
  /** HTTP for REST, Auth and project probes (default: the global fetch). */
  fetch?: typeof fetch
  /** The `ws` class where Node lacks a global WebSocket. */
  webSocket?: unknown
  relay?: Partial<RelayOptions>
  log?: EngineLog
  /** What this instance is in the org's presence list (default console). */
  kind?: 'console' | 'wallboard'
  /** Presence key; default a random id per console. */
  instanceId?: string
  /** The session machine's tuning (timeouts, backoff, polling fallback). */
  machine?: Partial<MachineConfig>
  /** Shorthands for the machine's most tuned values. */
  heartbeatIntervalMs?: number
  tickIntervalMs?: number
  reconnect?: Partial<MachineConfig['reconnect']>
  /** Catch-up tuning: rows per REST page (≤ the project's max-rows) and the seq overlap. */
  catchUp?: { pageSize?: number; overlapSeq?: number; concurrency?: number }
  /** start() resolves when the first session is live (or signed out), or after this long. */
  startTimeoutMs?: number
  /** Checks a project before Settings → Connect moves to it (default: its Auth settings endpoint). */
  probe?(target: ProjectTarget): Promise<void>
  /** Persist a connection made with Settings → Connect (the Electron settings repository). */
  onConnected?(target: ProjectTarget): void | Promise<void>
  /** Tests: build a session's feed another way. */
  createFeed?(options: FeedOptions): SessionFeed
}

/** The contract's watcher, plus whether it is this console itself. */
export interface Watcher extends SharedWatcher {
  self: boolean
}

/**
 * The contract's health report (src/shared/health.ts), plus what a support panel wants to see. `gaps`
 * lists tables that have resynced; `gapDetail` has every counter of the gap report.
 */
export interface HealthReport extends SharedHealthReport {
  mode: DeliveryMode
  orgId: string | null
  sync: 'idle' | 'subscribing' | 'catching-up' | 'live'
  gapDetail: Partial<Record<TableName, GapEntry>>
  /** offsetMs: add to local time to get server time; uncertaintyMs: ± bound (null until measured). */
  skew: { offsetMs: number; uncertaintyMs: number | null; measured: boolean }
  /** Access token expiry (epoch ms). */
  token: { expiresAt: number | null; expiresInMs: number | null }
  /** Rows and messages that failed validation, per table: counted and skipped. */
  malformed: Record<string, MalformedCount>
  /** The server tick; STALE rules apply only once one was seen (a real project may send none). */
  tick: { seen: boolean; lastAt: number | null; intervalMs: number }
}

export type { AlertActionRequest as AlertActionInput }
export type { AlertActionOutcome }

/** The console: one per process, with its live state and relay, and one session at a time. */
export interface FloorConsole {
  start(): Promise<void>
  stop(): Promise<void>
  /** Relay view: a snapshot frame first, then live batches and frames. */
  attachView(sink: ViewSink): ViewHandle
  health(): HealthReport
  onHealth(listener: (h: HealthReport) => void): () => void
  /** Consoles and displays watching this org now. */
  presence(): Watcher[]
  /**
   * The screens this console serves (the headless console's browsers), announced in its presence so every
   * console of the org counts them; a console that never calls it is counted as itself.
   */
  setScreens?(screens: readonly PresenceScreen[]): void
  onPresence(listener: (w: Watcher[]) => void): () => void
  /** Broadcast `announcement` messages on the org's channel. */
  onAnnouncement(listener: (payload: unknown) => void): () => void
  session(): SessionInfo
  /** The session changed (signed in, out, another org): the account panel follows. */
  onSession(listener: (s: SessionInfo) => void): () => void
  settings(): ConnectionSettings
  /** Moves the console to another project (probed first); every view follows. */
  connect(request: ConnectRequest): Promise<ConnectionSettings>
  /** Signs in (replacing any session) and opens the user's first org. */
  signIn(input: SignInRequest): Promise<SessionInfo>
  /** Leaves the org's channel, empties the floor and ends the session. */
  signOut(): Promise<SessionInfo>
  /** Opens `orgId` (a membership of the user) in a new session. */
  switchOrg(orgId: string): Promise<SessionInfo>
  /** A banner on every wall of the org for `minutes` (not queued: an announcement is for now or never). */
  announce(input: AnnounceRequest): Promise<Announcement>
  /** Through the outbox: sent now while live, else queued and replayed in order. */
  alertAction(input: AlertActionRequest): Promise<Result<AlertActionOutcome>>
  /** Admins: changes one alert rule now (not queued offline: a rule change is decided live). */
  updateRule(input: RuleUpdateRequest): Promise<Result<AlertRule>>
  /** The signed-in user's actions waiting in the outbox. */
  outbox(): PendingAction[]
  onOutbox(listener: (pending: PendingAction[]) => void): () => void
  onNotice(listener: (notice: Notice) => void): () => void
  /** OS resume / unlock / network change: refresh the token if needed and probe the socket now. */
  wake(reason: WakeReason): void
  /** The OS network state (the Electron shell reports it; unknown = online). */
  setNetworkOnline(online: boolean): void
  /** Server time now (local clock corrected by the measured skew). */
  serverNow(): number
  /** JSON for a support bundle (no tokens). */
  diagnostics(): Record<string, unknown>
}
