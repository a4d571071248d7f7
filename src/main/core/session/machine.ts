// The connection state machine of one session: step(state, event, now) → { state, commands }. Pure and
// deterministic (its jitter comes from a seeded generator in the state), so every transition is tested
// by tables of event sequences (test/unit/session-machine.test.ts). The runner carries out the commands;
// health is a projection of the state (health.ts). The rules it keeps:
// - a session is LIVE only when the channel is SUBSCRIBED, the change subscription is confirmed, and the
//   catch-up (a full snapshot the first time or past the tombstone horizon) is merged;
// - every failure ends in a retry with backoff: start-up, socket, channel, catch-up; it never gives up;
// - after `pollAfterFailures` socket failures it polls REST and keeps probing the socket;
// - a connection attempt that is neither open nor closed after `connectTimeoutMs` is abandoned: neither
//   WebSocket client has a handshake timeout, and one accepted but never answered would wait forever.
import { fullJitter } from '../health'
import type { ChannelStatusName, Command, MachineEvent, SessionState, Step, TimerName } from './types'

const MIN_RECONNECT_MS = 300
const SOCKET_REASONS = /heartbeat timeout|socket closed|transport failure|socket/i
const TOKEN_REASONS = /token|jwt/i

/** mulberry32: a small, good 32-bit generator; returns [0, 1) and the next seed. */
export function nextRandom(seed: number): [number, number] {
  const next = (seed + 0x6d2b79f5) >>> 0
  let t = next
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next]
}

/** The working copy a step mutates; the state given to step() is never touched. */
function draft(s: SessionState): SessionState {
  return {
    ...s,
    start: { ...s.start },
    socket: { ...s.socket },
    poll: { ...s.poll },
    channel: { ...s.channel },
    sync: { ...s.sync },
    tick: { ...s.tick },
  }
}

class Stepper {
  readonly out: Command[] = []
  constructor(
    readonly s: SessionState,
    readonly now: number,
  ) {}

  cmd(c: Command): void {
    this.out.push(c)
  }

  timer(name: TimerName, ms: number): void {
    this.out.push({ type: 'set-timer', name, ms: Math.max(0, Math.round(ms)) })
  }

  random(): number {
    const [value, seed] = nextRandom(this.s.seed)
    this.s.seed = seed
    return value
  }

  /** base + full jitter: never zero, grows with `attempt`, capped. */
  backoff(attempt: number, base: number, cap: number): number {
    return base + fullJitter(attempt, base, cap, () => this.random())
  }

  get running(): boolean {
    return this.s.stage === 'running'
  }
}

export function step(state: SessionState, event: MachineEvent, now: number): Step {
  if (state.stage === 'stopped') return { state, commands: [] }
  const t = new Stepper(draft(state), now)
  HANDLERS[event.type](t, event as never)
  return { state: t.s, commands: t.out }
}

type Handler<E extends MachineEvent['type']> = (t: Stepper, e: Extract<MachineEvent, { type: E }>) => void

const HANDLERS: { [E in MachineEvent['type']]: Handler<E> } = {
  start: (t) => {
    if (t.s.stage !== 'starting' || t.s.start.attempts > 0) return
    t.cmd({ type: 'authenticate' })
  },
  authenticated: (t, e) => {
    const s = t.s
    s.stage = 'running'
    s.start = { attempts: 0, error: null }
    s.signedOutReason = null
    s.tokenExpiresAt = e.tokenExpiresAt
    if (e.keepFloor === false) {
      s.sync.needFull = true
      s.confirmedAt = null
    }
    t.cmd({ type: 'clear-timer', name: 'start-retry' })
    openChannel(t)
    t.cmd({ type: 'measure-skew' })
    s.skewAt = t.now
  },
  'auth-missing': (t) => signOut(t, 'Signed out: sign in to see the floor'),
  'auth-failed': (t, e) => {
    if (t.s.stage !== 'starting') return
    if (!e.retryable) return signOut(t, `Sign-in failed: ${e.message}`)
    const s = t.s
    s.start.attempts++
    s.start.error = e.message
    const ms = t.backoff(s.start.attempts - 1, s.config.retry.baseMs, s.config.retry.capMs)
    t.cmd({ type: 'log', level: 'warn', message: `start-up failed (${e.message}); retrying in ${ms} ms` })
    t.timer('start-retry', ms)
  },
  'session-lost': (t, e) => {
    leave(t, e.reason)
    if (t.s.config.unattended) {
      t.s.stage = 'starting'
      t.cmd({ type: 'log', level: 'warn', message: `${e.reason}; signing in again` })
      t.cmd({ type: 'authenticate' })
    } else signOut(t, `Signed out: ${e.reason}`)
  },
  'socket-attempt': (t) => {
    t.s.socket.attempts++
    t.s.socket.connectingSince = t.now
    t.timer('connect', t.s.config.reconnect.connectTimeoutMs)
  },
  'socket-open': (t) => {
    attemptEnded(t)
    const so = t.s.socket
    so.open = true
    so.answered = false
    so.awaitingSince = null
    // supabase-js rejoins its channels on open.
    if (t.s.channel.status === 'errored') t.s.channel.status = 'joining'
  },
  'socket-close': (t, e) => {
    attemptEnded(t)
    socketClosed(t, e.code, e.reason, e.unreachable === true)
  },
  'heartbeat-sent': (t) => {
    t.s.socket.awaitingSince ??= t.now
  },
  'heartbeat-answered': (t, e) => {
    answered(t)
    if (e.rttMs !== null) t.s.socket.rttMs = e.rttMs
    // Without a server tick, an answered heartbeat is the only proof the feed is current.
    if (t.s.sync.live && !t.s.tick.seen) t.s.confirmedAt = t.now
  },
  'heartbeat-timeout': (t) => {
    const so = t.s.socket
    so.timeouts++
    so.awaitingSince = null
    t.cmd({ type: 'log', level: 'warn', message: 'the server stopped answering heartbeats' })
  },
  channel: (t, e) => channelStatus(t, e.status, e.reason),
  system: (t, e) => {
    if (!t.running || t.s.channel.status === 'parked' || t.s.channel.status === 'none') return
    if (!e.ok) return channelFailed(t, `change subscription failed: ${e.message}`, true)
    if (t.s.sync.confirmed) return // re-sent after every token change
    t.s.sync.confirmed = true
    t.cmd({ type: 'clear-timer', name: 'confirm' })
    maybeCatchUp(t)
  },
  tick: (t) => {
    t.s.tick = { seen: true, lastAt: t.now }
    if (t.s.sync.live) t.s.confirmedAt = t.now
  },
  change: (t) => {
    if (t.s.sync.live) t.s.confirmedAt = t.now
  },
  'buffer-overflow': (t) => {
    // The buffer was dropped: the running catch-up may have read past those events; ask again.
    if (t.s.sync.inFlight) issueCatchUp(t)
  },
  'snapshot-page': (t, e) => {
    const f = t.s.sync.inFlight
    if (f && f.attempt === e.attempt) f.rows += e.rows
  },
  'catch-up-done': (t, e) => catchUpDone(t, e),
  'catch-up-failed': (t, e) => catchUpFailed(t, e.attempt, e.message),
  'token-refreshed': (t, e) => void (t.s.tokenExpiresAt = e.tokenExpiresAt),
  wake: (t, e) => wake(t, e.reason),
  network: (t, e) => {
    t.s.online = e.online
    if (e.online) wake(t, 'online')
  },
  timer: (t, e) => TIMERS[e.name](t),
  stop: (t) => {
    t.s.stage = 'stopped'
    for (const name of [
      'start-retry',
      'catch-up-retry',
      'channel-retry',
      'confirm',
      'poll',
      'connect',
    ] as const) {
      t.cmd({ type: 'clear-timer', name })
    }
    t.cmd({ type: 'close' })
  },
}

const TIMERS: Record<TimerName, (t: Stepper) => void> = {
  'start-retry': (t) => {
    if (t.s.stage === 'starting') t.cmd({ type: 'authenticate' })
  },
  'catch-up-retry': (t) => {
    const y = t.s.sync
    if (t.running && y.subscribed && !y.live && !y.inFlight) maybeCatchUp(t)
  },
  'channel-retry': (t) => {
    if (t.running && t.s.channel.status === 'parked') {
      t.cmd({ type: 'refresh-token' })
      openChannel(t)
    }
  },
  confirm: (t) => {
    const y = t.s.sync
    if (t.running && y.subscribed && !y.confirmed) {
      channelFailed(t, 'the server did not confirm the change subscription', true)
    }
  },
  poll: (t) => {
    if (!t.running || t.s.transport !== 'polling') return
    if (t.s.sync.inFlight) return
    issueCatchUp(t)
  },
  connect: (t) => {
    if (t.s.socket.connectingSince === null) return
    const s = Math.round(t.s.config.reconnect.connectTimeoutMs / 1000)
    t.cmd({
      type: 'log',
      level: 'warn',
      message: `no answer to a connection attempt in ${s} s: trying again`,
    })
    t.cmd({ type: 'abort-socket' })
  },
}

function signOut(t: Stepper, reason: string): void {
  t.s.stage = 'signed-out'
  t.s.signedOutReason = reason
  t.s.start = { attempts: 0, error: null }
  t.cmd({ type: 'clear-timer', name: 'start-retry' })
}

/** Lets go of the channel and everything that depended on it (the session ended or must restart). */
function leave(t: Stepper, reason: string): void {
  if (t.s.channel.status !== 'none') t.cmd({ type: 'park-channel', reason })
  t.s.channel = { status: 'none', errors: 0, replacements: 0, reason: null }
  lost(t)
  for (const name of ['catch-up-retry', 'channel-retry', 'confirm', 'poll'] as const) {
    t.cmd({ type: 'clear-timer', name })
  }
}

function openChannel(t: Stepper): void {
  t.s.channel.status = 'joining'
  t.s.sync.subscribed = false
  t.s.sync.confirmed = false
  t.cmd({ type: 'hold' })
  t.cmd({ type: 'open-channel' })
}

/** The stream stopped being whole: buffer, and wait for the next SUBSCRIBED (+ confirmation). */
function lost(t: Stepper): void {
  const y = t.s.sync
  if (y.live || y.inFlight || y.subscribed) t.cmd({ type: 'hold' })
  y.live = false
  y.subscribed = false
  y.confirmed = false
  y.inFlight = null
  t.cmd({ type: 'clear-timer', name: 'confirm' })
}

/** The attempt under way opened or closed: its timeout no longer applies. */
function attemptEnded(t: Stepper): void {
  if (t.s.socket.connectingSince === null) return
  t.s.socket.connectingSince = null
  t.cmd({ type: 'clear-timer', name: 'connect' })
}

function answered(t: Stepper): void {
  const so = t.s.socket
  so.answered = true
  so.awaitingSince = null
  so.timeouts = 0
  so.failures = 0
  so.lastAnswerAt = t.now
}

function socketClosed(t: Stepper, code: number, reason: string, unreachable: boolean): void {
  const s = t.s
  const so = s.socket
  // After a heartbeat timeout the client closes the socket itself: the server stopped answering.
  const kind = !so.open ? 'refused' : so.timeouts === 0 && so.answered ? 'dropped' : 'unanswered'
  so.open = false
  so.awaitingSince = null
  so.lastClose = { code, reason, kind, at: t.now, unreachable }
  so.failures = kind === 'dropped' ? 1 : so.failures + 1
  if (!t.running) return
  // A poll runs over REST, not over the socket: a failed probe must not discard it (nothing would poll again).
  const poll = s.transport === 'polling' ? s.sync.inFlight : null
  lost(t)
  s.sync.inFlight = poll
  if (s.channel.status === 'joined' || s.channel.status === 'errored') s.channel.status = 'joining'
  t.cmd({ type: 'clear-timer', name: 'catch-up-retry' })
  // The next join must not carry a token that expired while we were away.
  t.cmd({ type: 'refresh-token' })
  const r = s.config.reconnect
  if (s.transport === 'polling') {
    so.reconnectDelayMs = Math.max(
      r.pollIntervalMs,
      t.backoff(s.poll.probeFailures++, r.probeBaseMs, r.probeCapMs),
    )
    return
  }
  // REST lives at the same address: where nothing listens, polling it would be refused just the same.
  if (so.failures >= r.pollAfterFailures && !unreachable) {
    s.transport = 'polling'
    s.poll = { failures: 0, probeFailures: 0, lastOkAt: null }
    so.reconnectDelayMs = r.probeBaseMs
    t.cmd({
      type: 'log',
      level: 'warn',
      message: 'WebSocket unavailable after several attempts: polling over REST',
    })
    t.timer('poll', 0)
    return
  }
  const cap = unreachable ? Math.min(r.capMs, r.unreachableCapMs) : r.capMs
  so.reconnectDelayMs = Math.max(
    MIN_RECONNECT_MS,
    fullJitter(so.failures - 1, r.baseMs, cap, () => t.random()),
  )
}

function channelStatus(t: Stepper, status: ChannelStatusName, reason: string | undefined): void {
  const s = t.s
  if (!t.running || s.channel.status === 'parked' || s.channel.status === 'none') return
  if (status === 'SUBSCRIBED') return subscribed(t)
  if (status === 'CLOSED') {
    lost(t)
    return park(t, 'closed by the server')
  }
  const text = reason ?? status.toLowerCase().replace('_', ' ')
  // Errors that are about the socket, which the socket's own reconnect handles.
  if (!s.socket.open || SOCKET_REASONS.test(text)) {
    lost(t)
    s.channel.status = 'joining'
    return
  }
  channelFailed(t, text, false)
}

function channelFailed(t: Stepper, reason: string, parkNow: boolean): void {
  const c = t.s.channel
  lost(t)
  c.errors++
  c.status = 'errored'
  c.reason = reason
  t.cmd({ type: 'log', level: 'warn', message: `channel error: ${reason}` })
  if (TOKEN_REASONS.test(reason)) t.cmd({ type: 'refresh-token' })
  if (parkNow || c.errors >= t.s.config.channel.maxErrors) park(t, reason)
}

/** Lets go of the channel (stopping supabase-js's endless rejoin) and opens a fresh one after a backoff. */
function park(t: Stepper, reason: string): void {
  const c = t.s.channel
  const { baseMs, capMs } = t.s.config.channel
  const ms = t.backoff(c.replacements++, baseMs, capMs)
  c.status = 'parked'
  c.reason = reason
  t.cmd({ type: 'park-channel', reason })
  t.cmd({ type: 'log', level: 'warn', message: `channel: ${reason}; replacing it in ${ms} ms` })
  t.timer('channel-retry', ms)
}

function subscribed(t: Stepper): void {
  const s = t.s
  // A join reply proves the server answers.
  answered(t)
  s.channel = { status: 'joined', errors: 0, replacements: 0, reason: null }
  if (s.transport === 'polling') {
    s.transport = 'websocket'
    t.cmd({ type: 'clear-timer', name: 'poll' })
    t.cmd({ type: 'log', level: 'info', message: 'WebSocket is back: polling stopped' })
  }
  // SUBSCRIBED while live means a silent rejoin: the stream may have gaps, so resync.
  if (s.sync.live || s.sync.inFlight) lost(t)
  s.sync.subscribed = true
  if (s.config.requireConfirmation && !s.sync.confirmed) {
    t.timer('confirm', s.config.confirmTimeoutMs)
  }
  maybeCatchUp(t)
}

function maybeCatchUp(t: Stepper): void {
  const y = t.s.sync
  const confirmed = y.confirmed || !t.s.config.requireConfirmation
  if (!t.running || !y.subscribed || !confirmed || y.live || y.inFlight) return
  issueCatchUp(t)
}

function issueCatchUp(t: Stepper): void {
  const s = t.s
  const y = s.sync
  // Where the server publishes no horizon, an absence longer than tombstones are kept resyncs in full.
  const absent = s.confirmedAt === null ? Infinity : t.now - s.confirmedAt
  const pastHorizon = y.horizonPublished === false && absent > s.config.tombstoneRetentionMs
  const full = y.needFull || pastHorizon
  y.attempt++
  y.inFlight = { attempt: y.attempt, full, rows: 0 }
  t.cmd({ type: 'clear-timer', name: 'catch-up-retry' })
  t.cmd({ type: 'hold' })
  t.cmd({ type: 'catch-up', attempt: y.attempt, full })
}

function catchUpDone(t: Stepper, e: Extract<MachineEvent, { type: 'catch-up-done' }>): void {
  const s = t.s
  const y = s.sync
  if (!t.running || y.inFlight?.attempt !== e.attempt) return // a stale result
  if (e.horizonPublished !== null) y.horizonPublished = e.horizonPublished
  if (e.horizonCrossed && !y.inFlight.full) {
    y.needFull = true
    t.cmd({
      type: 'log',
      level: 'info',
      message: 'away longer than deletes are kept: loading the whole floor',
    })
    return issueCatchUp(t)
  }
  t.cmd({ type: 'merge', attempt: e.attempt })
  y.inFlight = null
  y.live = true
  y.everLive = true
  y.liveAt = t.now
  y.needFull = false
  y.failures = 0
  y.error = null
  s.confirmedAt = t.now
  if (s.transport === 'polling') {
    y.live = s.channel.status === 'joined' && y.subscribed
    // The first poll that succeeds (since polling began, or after failed ones): the server answers, so
    // the socket may have failed only because the server was down (a restart), not because something
    // blocks it. Try it now rather than at the next probe, which may be minutes away.
    if ((s.poll.failures > 0 || s.poll.lastOkAt === null) && !s.socket.open) {
      s.poll.probeFailures = 0
      t.cmd({
        type: 'log',
        level: 'info',
        message: 'the server answers again: trying the live connection now',
      })
      t.cmd({ type: 'probe-socket' })
    }
    s.poll.failures = 0
    s.poll.lastOkAt = t.now
    t.timer('poll', s.config.reconnect.pollIntervalMs)
  }
  // Skew drifts slowly: re-measure after a resync at most once a minute.
  if (s.skewAt === null || t.now - s.skewAt > 60_000) {
    s.skewAt = t.now
    t.cmd({ type: 'measure-skew' })
  }
}

function catchUpFailed(t: Stepper, attempt: number, message: string): void {
  const s = t.s
  const y = s.sync
  if (!t.running || y.inFlight?.attempt !== attempt) return
  y.inFlight = null
  y.failures++
  y.error = message
  t.cmd({ type: 'log', level: 'warn', message: `catch-up failed: ${message}` })
  const r = s.config
  if (s.transport === 'polling') {
    s.poll.failures++
    t.timer(
      'poll',
      r.reconnect.pollIntervalMs +
        fullJitter(s.poll.failures - 1, r.reconnect.baseMs, r.reconnect.capMs, () => t.random()),
    )
    return
  }
  t.timer('catch-up-retry', t.backoff(y.failures - 1, r.retry.baseMs, r.retry.capMs))
}

/** OS resume / unlock / network change: whatever the backoff said, try now with a fresh token. */
function wake(t: Stepper, reason: string): void {
  const s = t.s
  if (s.stage === 'starting' && s.start.attempts > 0) {
    t.cmd({ type: 'clear-timer', name: 'start-retry' })
    t.cmd({ type: 'authenticate' })
    return
  }
  if (!t.running) return
  s.socket.failures = 0
  s.poll.probeFailures = 0
  t.cmd({ type: 'log', level: 'info', message: `wake (${reason}): probing the connection` })
  t.cmd({ type: 'refresh-token' })
  if (s.channel.status === 'parked' || (s.channel.status === 'errored' && s.socket.open)) {
    if (s.channel.status === 'errored') t.cmd({ type: 'park-channel', reason: 'resubscribing' })
    t.cmd({ type: 'clear-timer', name: 'channel-retry' })
    openChannel(t)
  }
  t.cmd({ type: 'probe-socket' })
  if (s.transport === 'polling' && !s.sync.inFlight) t.timer('poll', 0)
}
