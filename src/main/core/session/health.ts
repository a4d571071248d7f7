// Health is a projection of the session machine's state: the same state and `now` always give the same
// answer, and nothing sets it from outside. "Live" is derived, never a socket flag: socket open + server
// answering + channel joined + change subscription confirmed + catch-up merged + server tick fresh.
// DEGRADED is only ever an ongoing condition (polling instead of a socket, a slow round trip), so it
// clears the moment that condition does.
import { humanDuration } from '../health/format'
import { plainNetworkError } from '../net-words'
import type { HealthState } from '../health'
import type { SessionState } from './types'

export interface Health {
  state: HealthState
  reason: string
}

const h = (state: HealthState, reason: string): Health => ({ state, reason })

export function projectHealth(s: SessionState, now: number): Health {
  if (s.stage === 'stopped') return h('OFFLINE', 'Stopped')
  if (s.stage === 'signed-out') return h('OFFLINE', s.signedOutReason ?? 'Signed out')
  if (!s.online) return h('OFFLINE', 'The network is unavailable')
  if (s.stage === 'starting') return startingHealth(s)
  if (s.transport === 'polling') return pollingHealth(s, now)
  if (!s.socket.open) return closedHealth(s, now)
  return openHealth(s, now)
}

function failures(s: SessionState, attempts: number, error: string | null): string {
  const why = error ? `: ${plainNetworkError(error)}` : ''
  return `${attempts} failed attempt${attempts === 1 ? '' : 's'}${why}`
}

function startingHealth(s: SessionState): Health {
  const { attempts, error } = s.start
  if (attempts === 0) return h('CONNECTING', 'Signing in')
  const state = attempts >= s.config.offlineAfterFailures ? 'OFFLINE' : 'CONNECTING'
  return h(state, `Cannot reach the server (${failures(s, attempts, error)}); retrying`)
}

function closeReason(s: SessionState): string | null {
  const c = s.socket.lastClose
  if (!c) return null
  if (c.unreachable) return 'connection refused: nothing is listening at the server address'
  return `connection closed (${c.code}${c.reason ? ` ${c.reason}` : ''})`
}

/**
 * The server accepts connections but does not answer: the data is stale, not the network down, for as long
 * as it stays that way (a socket that opens and times out, again and again, included).
 */
function silence(s: SessionState, now: number): Health | null {
  const so = s.socket
  const interval = s.config.heartbeatIntervalMs
  const n = so.timeouts === 1 ? 'once' : `${so.timeouts} times`
  if (so.open && so.awaitingSince !== null && now - so.awaitingSince >= interval) {
    return h('STALE', `The server has not answered for ${humanDuration(now - so.awaitingSince)}`)
  }
  if (so.open && so.timeouts > 0) return h('STALE', `Heartbeat timed out ${n}`)
  if (!so.open && so.timeouts > 0 && so.lastClose?.kind === 'unanswered') {
    return h('STALE', `The server stopped answering (heartbeat timed out ${n}); reconnecting`)
  }
  return null
}

function closedHealth(s: SessionState, now: number): Health {
  const so = s.socket
  const stale = silence(s, now)
  if (stale) return stale
  if (so.failures >= s.config.offlineAfterFailures) {
    return h('OFFLINE', `Cannot reach the server (${failures(s, so.failures, closeReason(s))})`)
  }
  if (!s.sync.everLive && so.failures === 0) return h('CONNECTING', 'Connecting to the server')
  const why = closeReason(s)
  return h('CONNECTING', `Reconnecting (attempt ${so.failures + 1})${why ? `: ${why}` : ''}`)
}

function pollingHealth(s: SessionState, now: number): Health {
  const p = s.poll
  const interval = s.config.reconnect.pollIntervalMs
  if (p.lastOkAt !== null && now - p.lastOkAt <= 2 * interval + s.config.slowRttMs) {
    return h('DEGRADED', `Live connection blocked; refreshing every ${humanDuration(interval)} instead`)
  }
  const stale = silence(s, now)
  if (stale) return stale
  if (p.failures >= s.config.offlineAfterFailures) {
    return h('OFFLINE', `Cannot reach the server (${failures(s, p.failures, s.sync.error)})`)
  }
  return h('CONNECTING', 'Live connection blocked; switching to periodic refresh')
}

function openHealth(s: SessionState, now: number): Health {
  const so = s.socket
  const silent = silence(s, now)
  if (silent) return silent
  const channel = channelHealth(s)
  if (channel) return channel
  const y = s.sync
  if (!y.live) return catchUpHealth(s)
  const stale = tickStaleness(s, now)
  if (stale) return stale
  const noTick = noServerTick(s, now)
  if (so.rttMs !== null && so.rttMs > s.config.slowRttMs) {
    const slow = `heartbeat ${Math.round(so.rttMs)} ms`
    return h('DEGRADED', `Slow connection (${[slow, noTick].filter(Boolean).join('; ')})`)
  }
  const rtt = so.rttMs === null ? '' : `heartbeat ${Math.round(so.rttMs)} ms`
  const notes = [rtt, noTick].filter(Boolean)
  return h('LIVE', notes.length ? `Live (${notes.join('; ')})` : 'Live')
}

/**
 * A project without a server tick (a real one where the optional pg_cron job is not set up): once live for
 * twice the tick interval without one, staleness can only be judged from answered heartbeats, and Health
 * says so rather than implying the feed itself is being watched.
 */
function noServerTick(s: SessionState, now: number): string | null {
  const since = s.sync.liveAt
  if (s.tick.seen || since === null || now - since <= 2 * s.config.tickIntervalMs) return null
  return 'no server tick: staleness from heartbeats only'
}

/**
 * Realtime's refusal of a table it does not stream (not in the `supabase_realtime` publication, or absent),
 * in words that say what to do: a project whose migrations are older than this console's.
 */
function explainChannelError(reason: string): string {
  const m = /Unable to subscribe to changes with given parameters\..*?\btable: ([\w*]+)/.exec(reason)
  if (!m) return reason
  return `the project does not stream table ${m[1]} (apply Floorwatch's migrations with \`supabase db push\`: they create it and add it to the supabase_realtime publication)`
}

function channelHealth(s: SessionState): Health | null {
  const c = s.channel
  if (c.status === 'errored' || c.status === 'parked') {
    const why = `the floor channel failed: ${c.reason ? explainChannelError(c.reason) : 'unknown error'}; retrying`
    if (s.sync.everLive) return h('STALE', `Live updates interrupted: ${why}`)
    return h('CONNECTING', `Joining ${why.slice(4)}`)
  }
  if (c.status !== 'joined') return h('CONNECTING', 'Joining the floor channel')
  if (s.config.requireConfirmation && !s.sync.confirmed) {
    return h('CONNECTING', 'Waiting for the server to confirm the change subscription')
  }
  return null
}

function catchUpHealth(s: SessionState): Health {
  const y = s.sync
  const retrying = y.error ? ` (retrying: ${y.error})` : ''
  if (y.inFlight?.full || (!y.inFlight && y.needFull)) {
    const rows = y.inFlight && y.inFlight.rows > 0 ? ` (${y.inFlight.rows.toLocaleString('en')} rows)` : ''
    return h('CONNECTING', `Loading the floor${rows}${retrying}`)
  }
  return h('CONNECTING', `Catching up on changes made while away${retrying}`)
}

/**
 * Nothing confirmed the data (a tick, a change, the catch-up) for twice the tick interval, once a tick was
 * seen: a server that is up but whose change stream has stopped.
 */
function tickStaleness(s: SessionState, now: number): Health | null {
  if (!s.tick.seen || s.confirmedAt === null) return null
  const since = s.confirmedAt
  const interval = s.config.tickIntervalMs
  if (now - since <= 2 * interval) return null
  return h(
    'STALE',
    `Nothing from the server for ${humanDuration(now - since)} (a tick is expected every ${humanDuration(interval)})`,
  )
}

/** Whether the data on screen is confirmed current; durations freeze at `asOf` when it is not. */
export function freshness(s: SessionState, now: number): { live: boolean; asOf: number | null } {
  const health = projectHealth(s, now)
  const live = health.state === 'LIVE' || (health.state === 'DEGRADED' && s.sync.everLive)
  return { live, asOf: s.confirmedAt }
}
