// The engine's public shapes: what the Electron shell and the headless console build on.
import type { Clock } from './clock'
import type { ReconnectOptions, WakeReason } from './health'
import type { GapEntry, MalformedCount, SyncState } from './live'
import type { RelayOptions, ViewHandle, ViewSink } from './relay'
import type { SessionInfo, SessionStore } from './session'
import type { TableName } from '../../shared/domain/tables'
import type { HealthReport as SharedHealthReport, Watcher as SharedWatcher } from '../../shared/health'
import type { AlertActionKind, AlertActionRequest } from '../../shared/contract'

export type DeliveryMode = 'postgres_changes' | 'broadcast'

export interface EngineLog {
  info(m: string): void
  warn(m: string): void
  error(m: string, e?: unknown): void
}

export interface EngineOptions {
  supabaseUrl: string
  anonKey: string
  /** Sign in unattended (servers, wall displays) when the store holds no session. */
  credentials?: { email: string; password: string }
  /** Port: load/save/clear the auth session (Electron encrypts; headless: memory). */
  sessionStore?: SessionStore
  /** Default: the user's first membership. */
  orgId?: string
  mode?: DeliveryMode
  clock?: Clock
  /** The `ws` class where Node lacks a global WebSocket. */
  webSocket?: unknown
  relay?: Partial<RelayOptions>
  heartbeatIntervalMs?: number
  log?: EngineLog
  /** What this instance is in the org's presence list (default console). */
  kind?: 'console' | 'wallboard'
  /** Presence key; default a random id per engine. */
  instanceId?: string
  /** Socket backoff and the REST polling fallback. */
  reconnect?: Partial<ReconnectOptions>
  /** The server's tick period; a tick older than twice this (once one was seen) is STALE. Default 5 s. */
  tickIntervalMs?: number
  /** Catch-up tuning: rows per REST page (≤ the project's max-rows) and the seq overlap. */
  catchUp?: { pageSize?: number; overlapSeq?: number; concurrency?: number }
  /** Consecutive channel errors before the channel is replaced (with backoff) instead of rejoined. */
  maxChannelErrors?: number
  /** start() resolves when the first resync is done or after this long, whichever comes first. */
  startTimeoutMs?: number
}

/** The contract's watcher, plus whether it is this engine itself. */
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
  sync: SyncState
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

export type { AlertActionKind }
export type AlertActionInput = AlertActionRequest

export type AlertActionResult = { ok: true } | { ok: false; error: { code: string; message: string } }

export interface FloorEngine {
  start(): Promise<void>
  stop(): Promise<void>
  /** Relay view: a snapshot first, then coalesced batches. */
  attachView(sink: ViewSink): ViewHandle
  health(): HealthReport
  onHealth(listener: (h: HealthReport) => void): () => void
  /** Consoles and displays watching this org now. */
  presence(): Watcher[]
  onPresence(listener: (w: Watcher[]) => void): () => void
  /** Broadcast `announcement` messages on the org's channel. */
  onAnnouncement(listener: (payload: unknown) => void): () => void
  session(): SessionInfo
  /** Signs in (replacing any session) and opens the user's first org. */
  signIn(input: { email: string; password: string }): Promise<SessionInfo>
  /** Leaves the org's channel, empties the floor and ends the session. */
  signOut(): Promise<SessionInfo>
  /** Leaves the current org's channel and opens `orgId` (a membership of the user). */
  switchOrg(orgId: string): Promise<SessionInfo>
  alertAction(input: AlertActionInput): Promise<AlertActionResult>
  /** OS resume / unlock / network change: refresh the token if needed and probe the socket now. */
  wake(reason: WakeReason): void
  /** The OS network state (the Electron shell reports it; unknown = online). */
  setNetworkOnline(online: boolean): void
  /** Server time now (local clock corrected by the measured skew). */
  serverNow(): number
  /** JSON for a support bundle (no tokens). */
  diagnostics(): Record<string, unknown>
}
