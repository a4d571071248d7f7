// Server time. Durations on screen are computed from server timestamps, so the console's own clock only
// matters through its measured offset from the server's (`public.server_time()` round trips).
import type { Call } from './rows'

export interface SkewSample {
  /** serverTime − local midpoint of the round trip: add it to a local time to get server time. */
  offsetMs: number
  rttMs: number
  /** Local time the reply arrived. */
  at: number
}

/** One round trip: the server's answer is assumed taken halfway between send and receipt (NTP's rule). */
export function skewSample(sentAtLocal: number, receivedAtLocal: number, serverTimeMs: number): SkewSample {
  const rttMs = Math.max(0, receivedAtLocal - sentAtLocal)
  return { offsetMs: serverTimeMs - (sentAtLocal + rttMs / 2), rttMs, at: receivedAtLocal }
}

/**
 * Keeps the last few samples and trusts the one with the shortest round trip: its error is bounded by
 * rtt / 2, and a slow, asymmetric round trip is the usual source of a wrong offset.
 */
export class SkewEstimator {
  private samples: SkewSample[] = []

  constructor(private readonly maxSamples = 8) {}

  add(sample: SkewSample): void {
    this.samples.push(sample)
    if (this.samples.length > this.maxSamples) this.samples.shift()
  }

  private best(): SkewSample | undefined {
    let best: SkewSample | undefined
    for (const s of this.samples) if (!best || s.rttMs < best.rttMs) best = s
    return best
  }

  /** Milliseconds to add to local time to get server time; 0 until measured. */
  get offsetMs(): number {
    return this.best()?.offsetMs ?? 0
  }

  /** Half the best round trip: the offset is right to within this. Infinity until measured. */
  get uncertaintyMs(): number {
    const best = this.best()
    return best ? best.rttMs / 2 : Infinity
  }

  get measured(): boolean {
    return this.samples.length > 0
  }

  serverNow(localNow: number): number {
    return localNow + this.offsetMs
  }
}

/** Epoch milliseconds of a validated timestamptz string. */
export function toMs(timestamp: string): number {
  return Date.parse(timestamp)
}

export interface CallTimes {
  /** Queued until answered, or until it ended unanswered, or until now. */
  waitMs: number
  /** Answered until ended or now; null while never answered. */
  talkMs: number | null
  holdMs: number
  /** Time in the current status. */
  inStatusMs: number
}

/**
 * Durations of one call at `serverNowMs` (local now + measured offset). Negative spans, which only
 * the remaining skew uncertainty can produce, are shown as zero rather than as "-0:01".
 */
export function callTimes(call: Call, serverNowMs: number): CallTimes {
  const queued = toMs(call.queued_at)
  const answered = call.answered_at === null ? null : toMs(call.answered_at)
  const ended = call.ended_at === null ? null : toMs(call.ended_at)
  const waitEnd = answered ?? ended ?? serverNowMs
  return {
    waitMs: span(queued, waitEnd),
    talkMs: answered === null ? null : span(answered, ended ?? serverNowMs),
    holdMs: Math.max(0, call.hold_seconds) * 1000,
    inStatusMs: span(toMs(call.status_changed_at), serverNowMs),
  }
}

function span(from: number, to: number): number {
  return Math.max(0, to - from)
}

/** "m:ss" below an hour, "h:mm:ss" above, for tiles and tables. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}
