// "Connected" is derived, never a socket flag: socket open + heartbeat answered + subscriptions confirmed
// + resync done + server tick fresh. Anything less is CONNECTING, DEGRADED, STALE or OFFLINE, always
// with a reason a supervisor can read. Pure: the same inputs and `now` give the same answer.
import { humanDuration } from './format'

export type HealthState = 'CONNECTING' | 'LIVE' | 'DEGRADED' | 'STALE' | 'OFFLINE'
export type ChannelStatus = 'connecting' | 'connected' | 'disconnected' | 'error'

export interface HealthInputs {
  now: number
  /** The OS network state (true when unknown). */
  networkOnline: boolean
  transport: 'websocket' | 'polling'
  socketOpen: boolean
  /** Consecutive failed connection attempts since the last successful one. */
  failedAttempts: number
  lastError?: { at: number; message: string }
  heartbeat: {
    intervalMs: number
    /** Sent and not yet answered since this local time. */
    awaitingSince?: number
    lastRttMs?: number
    /** Consecutive heartbeat timeouts (reset by a reply). */
    timeouts: number
  }
  channels: readonly { name: string; status: ChannelStatus; reason?: string }[]
  /** Every stream merged its catch-up; `doneAt` is when the last one did. */
  resync: { done: boolean; doneAt?: number }
  /** The server's tick broadcast; intervalMs 0 = the server sends none. */
  tick: { intervalMs: number; lastAt?: number }
  /** REST polling fallback, when transport is 'polling'. */
  polling?: { intervalMs: number; lastSuccessAt?: number }
}

export interface HealthThresholds {
  /** A heartbeat round trip above this is "slow" (DEGRADED). */
  slowRttMs: number
  /** An error this recent keeps the state DEGRADED. */
  errorWindowMs: number
  /** Failed attempts before CONNECTING becomes OFFLINE. */
  offlineAfterFailures: number
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  slowRttMs: 1_000,
  errorWindowMs: 60_000,
  offlineAfterFailures: 3,
}

export interface Health {
  state: HealthState
  reason: string
}

const h = (state: HealthState, reason: string): Health => ({ state, reason })

export function deriveHealth(input: HealthInputs, thresholds: HealthThresholds = DEFAULT_THRESHOLDS): Health {
  if (!input.networkOnline) return h('OFFLINE', 'The network is unavailable')
  if (input.transport === 'polling') return pollingHealth(input, thresholds)
  if (!input.socketOpen) return closedHealth(input, thresholds)
  return openHealth(input, thresholds)
}

function errorSuffix(input: HealthInputs): string {
  return input.lastError ? `: ${input.lastError.message}` : ''
}

function closedHealth(input: HealthInputs, t: HealthThresholds): Health {
  const n = input.failedAttempts
  if (n >= t.offlineAfterFailures) {
    return h('OFFLINE', `Cannot reach the server (${n} failed attempts${errorSuffix(input)})`)
  }
  if (n > 0) return h('CONNECTING', `Reconnecting (attempt ${n + 1})${errorSuffix(input)}`)
  return h('CONNECTING', 'Connecting to the server')
}

function pollingHealth(input: HealthInputs, t: HealthThresholds): Health {
  const p = input.polling
  if (p?.lastSuccessAt !== undefined && input.now - p.lastSuccessAt <= 2 * p.intervalMs + t.slowRttMs) {
    return h('DEGRADED', `Live connection blocked; refreshing every ${humanDuration(p.intervalMs)} instead`)
  }
  if (input.failedAttempts >= t.offlineAfterFailures) {
    return h(
      'OFFLINE',
      `Cannot reach the server (${input.failedAttempts} failed attempts${errorSuffix(input)})`,
    )
  }
  return h('CONNECTING', 'Live connection blocked; switching to periodic refresh')
}

function openHealth(input: HealthInputs, t: HealthThresholds): Health {
  const hb = input.heartbeat
  if (hb.awaitingSince !== undefined && input.now - hb.awaitingSince >= hb.intervalMs) {
    return h('STALE', `The server has not answered for ${humanDuration(input.now - hb.awaitingSince)}`)
  }
  if (hb.timeouts > 0)
    return h('STALE', `Heartbeat timed out ${hb.timeouts === 1 ? 'once' : `${hb.timeouts} times`}`)
  const failed = input.channels.find((c) => c.status === 'error')
  if (failed)
    return h('DEGRADED', `Channel ${failed.name} failed${failed.reason ? `: ${failed.reason}` : ''}`)
  const joined = input.channels.filter((c) => c.status === 'connected').length
  if (joined < input.channels.length) {
    return h('CONNECTING', `Joining channels (${joined} of ${input.channels.length})`)
  }
  if (!input.resync.done) return h('CONNECTING', 'Catching up on changes made while away')
  const stale = tickStaleness(input)
  if (stale) return stale
  if (hb.lastRttMs !== undefined && hb.lastRttMs > t.slowRttMs) {
    return h('DEGRADED', `Slow connection (heartbeat ${Math.round(hb.lastRttMs)} ms)`)
  }
  if (input.lastError && input.now - input.lastError.at < t.errorWindowMs) {
    return h('DEGRADED', `Recent error: ${input.lastError.message}`)
  }
  return h('LIVE', hb.lastRttMs === undefined ? 'Live' : `Live (heartbeat ${Math.round(hb.lastRttMs)} ms)`)
}

/** No server tick for twice its interval (counted from going live, so a fresh resync is not stale). */
function tickStaleness(input: HealthInputs): Health | null {
  const { intervalMs, lastAt } = input.tick
  if (intervalMs <= 0) return null
  const since = Math.max(lastAt ?? -Infinity, input.resync.doneAt ?? -Infinity)
  if (!Number.isFinite(since) || input.now - since <= 2 * intervalMs) return null
  return h(
    'STALE',
    `No server tick for ${humanDuration(input.now - since)} (expected every ${humanDuration(intervalMs)})`,
  )
}

/** Remembers since when the state has held, for "STALE for 2 min" and to report transitions once. */
export class HealthTracker {
  private current: (Health & { since: number }) | null = null

  /** Returns the new health and whether the state changed (a reason change alone is not a transition). */
  update(next: Health, now: number): { health: Health & { since: number }; changed: boolean } {
    const changed = this.current?.state !== next.state
    const since = changed || !this.current ? now : this.current.since
    this.current = { ...next, since }
    return { health: this.current, changed }
  }

  get health(): (Health & { since: number }) | null {
    return this.current
  }
}
