// The kiosk's decisions, free of Electron so they are tested on their own: which display a wall shows on
// (its own while attached, the primary meanwhile, back when it returns), and when a renderer whose memory
// keeps growing is reloaded, with one notice per incident, never a stream of them.
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

export type WatchdogVerdict = { action: 'none' } | { action: 'reload'; reason: string; notify: boolean }

/**
 * Fed one memory sample at a time (working set, KB). The first sample after a (re)load is the baseline;
 * a renderer that then rises steadily past `growthFactor` times it, or past the hard limit, is reloaded.
 */
export class MemoryWatchdog {
  private baseline: number | null = null
  private last = 0
  private rising = 0
  private lastNoticeAt = -Infinity

  constructor(private readonly o: MemoryWatchdogOptions = DEFAULT_WATCHDOG) {}

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
    const notify = now - this.lastNoticeAt >= this.o.quietMs
    if (notify) this.lastNoticeAt = now
    return notify
  }
}

const mb = (kb: number) => Math.round(kb / 1024)
