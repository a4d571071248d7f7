// The vocabulary of one session's connection state machine: its configuration, its state, the events
// the feed and the runner report, and the commands the machine asks the runner to carry out. The machine
// (machine.ts) is pure; health (health.ts) is a projection of its state.
import type { WakeReason } from '../health'

export type { WakeReason }

export interface MachineConfig {
  /** Realtime heartbeat period (supabase-js default 25 s). */
  heartbeatIntervalMs: number
  /** The server's tick period; once a tick was seen, a tick older than twice this is STALE. */
  tickIntervalMs: number
  /** postgres_changes streams wait for the "Subscribed to PostgreSQL" confirmation; broadcast ones do not. */
  requireConfirmation: boolean
  /** How long the confirmation may take before the channel is treated as failed. */
  confirmTimeoutMs: number
  /** Socket backoff (full jitter), and the REST polling fallback after `pollAfterFailures` failures. */
  reconnect: {
    baseMs: number
    capMs: number
    pollAfterFailures: number
    pollIntervalMs: number
    probeBaseMs: number
    probeCapMs: number
    /** A connection attempt neither open nor closed after this long is abandoned (and retried). */
    connectTimeoutMs: number
    /**
     * The cap while connections are refused outright (nothing listens: a backend restarting). A refused
     * TCP connection costs the server nothing, so these retries stay quick; errors from a server or gateway
     * that answered keep `capMs`.
     */
    unreachableCapMs: number
  }
  /** Backoff of sign-in/start-up and catch-up retries. */
  retry: { baseMs: number; capMs: number }
  /** Consecutive channel errors before the channel is replaced (after a backoff of its own). */
  channel: { maxErrors: number; baseMs: number; capMs: number }
  /** Where the server publishes no tombstone horizon: an absence longer than this resyncs in full. */
  tombstoneRetentionMs: number
  /** A heartbeat round trip above this is a slow connection (DEGRADED). */
  slowRttMs: number
  /** Failed attempts before CONNECTING is shown as OFFLINE. */
  offlineAfterFailures: number
  /** Sign in again by itself when the server ends the session (unattended consoles with credentials). */
  unattended: boolean
}

export const DEFAULT_CONFIG: MachineConfig = {
  heartbeatIntervalMs: 25_000,
  tickIntervalMs: 5_000,
  requireConfirmation: true,
  confirmTimeoutMs: 15_000,
  reconnect: {
    baseMs: 1_000,
    capMs: 10_000,
    pollAfterFailures: 5,
    pollIntervalMs: 5_000,
    probeBaseMs: 30_000,
    probeCapMs: 5 * 60_000,
    connectTimeoutMs: 10_000,
    unreachableCapMs: 2_000,
  },
  retry: { baseMs: 500, capMs: 15_000 },
  channel: { maxErrors: 3, baseMs: 1_000, capMs: 30_000 },
  tombstoneRetentionMs: 10 * 60_000,
  slowRttMs: 1_000,
  offlineAfterFailures: 3,
  unattended: false,
}

export type Stage = 'starting' | 'signed-out' | 'running' | 'stopped'
export type TimerName = 'start-retry' | 'catch-up-retry' | 'channel-retry' | 'confirm' | 'poll' | 'connect'
export type ChannelStatusName = 'SUBSCRIBED' | 'TIMED_OUT' | 'CLOSED' | 'CHANNEL_ERROR'

/** How the last socket ended: never opened, timed out unanswered, or dropped after it worked. */
export type CloseKind = 'refused' | 'unanswered' | 'dropped'

export interface SocketState {
  open: boolean
  /** A reply (heartbeat or join) arrived since the socket last opened. */
  answered: boolean
  /** Consecutive attempts that ended without an answer. */
  failures: number
  /** Consecutive heartbeat timeouts since the last answer. */
  timeouts: number
  /** A heartbeat sent and not yet answered, since this local time. */
  awaitingSince: number | null
  lastAnswerAt: number | null
  rttMs: number | null
  /** What supabase-js waits before its next attempt (it asks before each one). */
  reconnectDelayMs: number
  attempts: number
  /** A connection attempt under way (neither open nor closed yet), since this local time. */
  connectingSince: number | null
  lastClose: { code: number; reason: string; kind: CloseKind; at: number; unreachable?: boolean } | null
}

export interface ChannelState {
  /** none: not opened; joining: opened, waiting for SUBSCRIBED; parked: let go of, reopened on a timer. */
  status: 'none' | 'joining' | 'joined' | 'errored' | 'parked'
  /** Consecutive errors since the channel was last joined. */
  errors: number
  /** Replacements since the channel was last joined (their backoff grows). */
  replacements: number
  reason: string | null
}

export interface SyncState {
  attempt: number
  subscribed: boolean
  confirmed: boolean
  inFlight: { attempt: number; full: boolean; rows: number } | null
  /** The next catch-up must be a full snapshot (first load, past the tombstone horizon). */
  needFull: boolean
  live: boolean
  everLive: boolean
  liveAt: number | null
  failures: number
  error: string | null
  /** Whether the server publishes its tombstone horizon (null: not known yet). */
  horizonPublished: boolean | null
}

export interface SessionState {
  config: MachineConfig
  /** PRNG state for backoff jitter: the machine stays pure and replayable. */
  seed: number
  stage: Stage
  start: { attempts: number; error: string | null }
  signedOutReason: string | null
  online: boolean
  socket: SocketState
  transport: 'websocket' | 'polling'
  poll: { failures: number; probeFailures: number; lastOkAt: number | null }
  channel: ChannelState
  sync: SyncState
  tick: { seen: boolean; lastAt: number | null }
  /** The last moment the data was confirmed current (a merge, or a tick, change or answer while live). */
  confirmedAt: number | null
  skewAt: number | null
  tokenExpiresAt: number | null
}

export type MachineEvent =
  | { type: 'start' }
  /**
   * Session restored or signed in, memberships loaded, org chosen. `keepFloor` false: the floor held (a
   * cache) is not this user's and org's, so the first catch-up is a full snapshot.
   */
  | { type: 'authenticated'; tokenExpiresAt: number | null; keepFloor?: boolean }
  /** No saved session and no credentials: someone has to sign in. */
  | { type: 'auth-missing' }
  | { type: 'auth-failed'; message: string; retryable: boolean }
  /** The server ended the session (refresh token revoked or expired). */
  | { type: 'session-lost'; reason: string }
  | { type: 'socket-attempt' }
  | { type: 'socket-open' }
  | { type: 'socket-close'; code: number; reason: string; unreachable?: boolean }
  | { type: 'heartbeat-sent' }
  | { type: 'heartbeat-answered'; rttMs: number | null }
  | { type: 'heartbeat-timeout' }
  | { type: 'channel'; status: ChannelStatusName; reason?: string }
  /** The postgres_changes `system` message: ok = "Subscribed to PostgreSQL". */
  | { type: 'system'; ok: boolean; message: string }
  | { type: 'tick' }
  | { type: 'change' }
  | { type: 'buffer-overflow' }
  | { type: 'snapshot-page'; attempt: number; rows: number }
  | { type: 'catch-up-done'; attempt: number; horizonCrossed: boolean; horizonPublished: boolean | null }
  | { type: 'catch-up-failed'; attempt: number; message: string }
  | { type: 'token-refreshed'; tokenExpiresAt: number | null }
  | { type: 'wake'; reason: WakeReason }
  | { type: 'network'; online: boolean }
  | { type: 'timer'; name: TimerName }
  | { type: 'stop' }

export type Command =
  /** Restore the saved session or sign in, load the memberships, choose the org. */
  | { type: 'authenticate' }
  | { type: 'open-channel' }
  | { type: 'park-channel'; reason: string }
  /** Buffer live events until the next merge. */
  | { type: 'hold' }
  | { type: 'catch-up'; attempt: number; full: boolean }
  /** Merge the result of this catch-up (and the buffer) into the live state. */
  | { type: 'merge'; attempt: number }
  /** Refresh the access token if it expires soon, then hand it to Realtime. */
  | { type: 'refresh-token' }
  /** Try the socket now: a heartbeat on an open one, a reconnect of a closed one. */
  | { type: 'probe-socket' }
  /** Give up on the connection attempt under way (it was never answered); its close follows. */
  | { type: 'abort-socket' }
  | { type: 'measure-skew' }
  | { type: 'set-timer'; name: TimerName; ms: number }
  | { type: 'clear-timer'; name: TimerName }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  /** Leave the channel and close the socket for good. */
  | { type: 'close' }

export interface Step {
  state: SessionState
  commands: Command[]
}

export interface InitialOptions {
  config?: Partial<MachineConfig>
  seed?: number
  /**
   * A floor loaded from the offline cache: when it was last confirmed, and whether its marks cover it all
   * (then the first catch-up is incremental from them instead of a full snapshot).
   */
  resumeFrom?: { confirmedAt: number | null; incremental: boolean } | null
}

export function initialState(o: InitialOptions = {}): SessionState {
  const config = { ...DEFAULT_CONFIG, ...o.config }
  return {
    config,
    seed: (o.seed ?? 1) >>> 0,
    stage: 'starting',
    start: { attempts: 0, error: null },
    signedOutReason: null,
    online: true,
    socket: {
      open: false,
      answered: false,
      failures: 0,
      timeouts: 0,
      awaitingSince: null,
      lastAnswerAt: null,
      rttMs: null,
      reconnectDelayMs: config.reconnect.baseMs,
      attempts: 0,
      connectingSince: null,
      lastClose: null,
    },
    transport: 'websocket',
    poll: { failures: 0, probeFailures: 0, lastOkAt: null },
    channel: { status: 'none', errors: 0, replacements: 0, reason: null },
    sync: {
      attempt: 0,
      subscribed: false,
      confirmed: false,
      inFlight: null,
      needFull: !o.resumeFrom?.incremental,
      live: false,
      everLive: false,
      liveAt: null,
      failures: 0,
      error: null,
      horizonPublished: null,
    },
    tick: { seen: false, lastAt: null },
    confirmedAt: o.resumeFrom?.confirmedAt ?? null,
    skewAt: null,
    tokenExpiresAt: null,
  }
}
