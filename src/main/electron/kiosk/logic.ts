// The kiosk's decisions, free of Electron so they are tested on their own: which display a wall shows on
// (its own while attached, the primary meanwhile, back when it returns), when a renderer whose memory
// keeps growing is reloaded, when one that stopped answering is declared hung, and how the user is told:
// one notice per incident, never a stream of them.
import type { DisplayLike } from '../window-state'

/** The wall's own display while it is attached, else the primary; `home` says which it is. */
export function kioskDisplay(
  wantedId: number | null,
  displays: readonly DisplayLike[],
  primary: DisplayLike,
): { display: DisplayLike; home: boolean } {
  const own = wantedId === null ? undefined : displays.find((d) => d.id === wantedId)
  return own ? { display: own, home: true } : { display: primary, home: wantedId === null }
}

export interface MemoryWatchdogOptions {
  /** Reload when the renderer has grown by this factor over its settled size… */
  growthFactor: number
  /** …having grown in this many samples in a row (a leak, not a spike), or above this at all. */
  risingSamples: number
  hardLimitKb: number
  /** Another reload within this long is the same incident: no new notice. */
  quietMs: number
}

export const DEFAULT_WATCHDOG: MemoryWatchdogOptions = {
  growthFactor: 3,
  risingSamples: 10,
  hardLimitKb: 1_500_000,
  quietMs: 60 * 60_000,
}

/**
 * One notice per incident, whichever watchdog acted: a recovery within `quietMs` of the last notice (a
 * leak that comes back, a hang after a reload for memory) is the same incident and is not announced again.
 */
export class NoticeGate {
  private lastAt = -Infinity

  constructor(private readonly quietMs: number) {}

  allow(now: number): boolean {
    if (now - this.lastAt < this.quietMs) return false
    this.lastAt = now
    return true
  }
}

export type WatchdogVerdict = { action: 'none' } | { action: 'reload'; reason: string; notify: boolean }

/**
 * Fed one memory sample at a time (working set, KB). The first sample after a (re)load is the baseline;
 * a renderer that then rises steadily past `growthFactor` times it, or past the hard limit, is reloaded.
 */
export class MemoryWatchdog {
  private baseline: number | null = null
  private last = 0
  private rising = 0

  constructor(
    private readonly o: MemoryWatchdogOptions = DEFAULT_WATCHDOG,
    private readonly notices: NoticeGate = new NoticeGate(o.quietMs),
  ) {}

  sample(kb: number, now: number): WatchdogVerdict {
    if (this.baseline === null) {
      this.baseline = this.last = kb
      return { action: 'none' }
    }
    this.rising = kb > this.last ? this.rising + 1 : 0
    this.last = kb
    const grown = kb > this.baseline * this.o.growthFactor && this.rising >= this.o.risingSamples
    const over = kb > this.o.hardLimitKb
    if (!grown && !over) return { action: 'none' }
    const reason = over
      ? `renderer memory ${mb(kb)} MB is above the ${mb(this.o.hardLimitKb)} MB limit`
      : `renderer memory grew from ${mb(this.baseline)} MB to ${mb(kb)} MB and keeps growing`
    return { action: 'reload', reason, notify: this.reloaded(now) }
  }

  /** A reload (ours or the crash watchdog's) starts a new baseline. */
  reset(): void {
    this.baseline = null
    this.rising = 0
  }

  private reloaded(now: number): boolean {
    this.reset()
    return this.notices.allow(now)
  }
}

const mb = (kb: number) => Math.round(kb / 1024)

export interface AnswerWatchOptions {
  /** How often the renderer is asked to answer. */
  everyMs: number
  /** A question unanswered this long means the renderer stopped answering. */
  silentAfterMs: number
}

export const DEFAULT_ANSWER_WATCH: AnswerWatchOptions = { everyMs: 15_000, silentAfterMs: 10_000 }

/**
 * Whether a renderer still answers, from questions sent on a timer: Chromium's own 'unresponsive' needs
 * input waiting for the page, and nobody touches a wall. Fed the times of questions, answers and loads;
 * says when the renderer fell silent and when it answered again.
 */
export class AnswerWatch {
  private askedAt: number | null = null
  private silent = false

  constructor(private readonly o: AnswerWatchOptions = DEFAULT_ANSWER_WATCH) {}

  /** On each timer tick: 'ask' (send a question), 'silent' (it just fell silent) or 'wait'. */
  tick(now: number, loading: boolean): 'ask' | 'silent' | 'wait' {
    if (this.askedAt === null) {
      if (loading) return 'wait'
      this.askedAt = now
      return 'ask'
    }
    if (this.silent || now - this.askedAt < this.o.silentAfterMs) return 'wait'
    this.silent = true
    return 'silent'
  }

  /** The question asked at `askedAt` was answered (or refused: a refusal is an answer too). */
  answered(askedAt: number): 'answered' | 'recovered' | 'stale' {
    if (this.askedAt !== askedAt) return 'stale'
    this.askedAt = null
    const was = this.silent
    this.silent = false
    return was ? 'recovered' : 'answered'
  }

  /** A new page (a reload, a crash): questions to the old one will never be answered. */
  reset(): void {
    this.askedAt = null
    this.silent = false
  }

  get pendingSince(): number | null {
    return this.askedAt
  }
}
