// When and how to reconnect: decisions only; the feed acts on them. Full-jitter backoff (a random delay
// in [0, min(cap, base·2^attempt)]) so that a floor of consoles does not reconnect in lockstep after an
// outage; an immediate probe when the OS reports resume, unlock or a network change; REST polling after
// N failed WebSocket attempts (proxies that block WebSockets), with periodic WebSocket probes to return.

export type WakeReason = 'resume' | 'unlock' | 'network-change' | 'online'
export type Transport = 'websocket' | 'polling'

export type ReconnectDecision =
  | { action: 'retry-websocket'; delayMs: number; attempt: number }
  /** Stop retrying the socket in a loop: poll REST now and probe the WebSocket after probeInMs. */
  | { action: 'start-polling'; pollInMs: number; probeInMs: number }
  | { action: 'probe-websocket'; delayMs: number; reason: string }
  | { action: 'stop-polling' }
  | { action: 'none' }

export interface ReconnectOptions {
  baseMs: number
  capMs: number
  /** Consecutive WebSocket failures before falling back to REST polling. */
  pollAfterFailures: number
  pollIntervalMs: number
  /** While polling: WebSocket probes back off from this to capProbeMs. */
  probeBaseMs: number
  probeCapMs: number
  /** In [0, 1); injected so tests can pin the jitter. */
  random: () => number
}

export const DEFAULT_RECONNECT_OPTIONS: ReconnectOptions = {
  baseMs: 1_000,
  capMs: 30_000,
  pollAfterFailures: 5,
  pollIntervalMs: 5_000,
  probeBaseMs: 30_000,
  probeCapMs: 5 * 60_000,
  random: Math.random,
}

/** Full jitter: uniform in [0, min(cap, base·2^attempt)]. */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}

export class ReconnectPolicy {
  private readonly options: ReconnectOptions
  private mode: Transport = 'websocket'
  private failures = 0
  private probeFailures = 0
  private pollFailures = 0

  constructor(options: Partial<ReconnectOptions> = {}) {
    this.options = { ...DEFAULT_RECONNECT_OPTIONS, ...options }
  }

  get transport(): Transport {
    return this.mode
  }

  /** Consecutive failed WebSocket attempts (reset by a success or a wake-up). */
  get failedAttempts(): number {
    return this.failures
  }

  /** A WebSocket attempt (or an established socket) failed. */
  websocketFailed(): ReconnectDecision {
    const o = this.options
    if (this.mode === 'polling') {
      const delayMs = fullJitter(this.probeFailures++, o.probeBaseMs, o.probeCapMs, o.random)
      return { action: 'probe-websocket', delayMs: Math.max(delayMs, o.pollIntervalMs), reason: 'retry' }
    }
    this.failures++
    if (this.failures >= o.pollAfterFailures) {
      this.mode = 'polling'
      this.probeFailures = 0
      this.pollFailures = 0
      return { action: 'start-polling', pollInMs: 0, probeInMs: o.probeBaseMs }
    }
    return {
      action: 'retry-websocket',
      delayMs: fullJitter(this.failures - 1, o.baseMs, o.capMs, o.random),
      attempt: this.failures,
    }
  }

  /** The WebSocket is up (and its channels joined): leave polling if we were in it. */
  websocketConnected(): ReconnectDecision {
    const wasPolling = this.mode === 'polling'
    this.mode = 'websocket'
    this.failures = 0
    this.probeFailures = 0
    this.pollFailures = 0
    return wasPolling ? { action: 'stop-polling' } : { action: 'none' }
  }

  /** Delay before the next REST poll after one succeeded. */
  pollSucceeded(): number {
    this.pollFailures = 0
    return this.options.pollIntervalMs
  }

  /** Delay before the next REST poll after one failed: backs off, never faster than the interval. */
  pollFailed(): number {
    const o = this.options
    return o.pollIntervalMs + fullJitter(this.pollFailures++, o.baseMs, o.capMs, o.random)
  }

  /**
   * The OS says the machine woke up, was unlocked or changed networks: whatever the backoff said, try
   * now, and forget old failures (they were about a network we may no longer be on).
   */
  wake(reason: WakeReason): ReconnectDecision {
    this.failures = 0
    this.probeFailures = 0
    return { action: 'probe-websocket', delayMs: 0, reason }
  }
}
