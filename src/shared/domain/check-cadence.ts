// How often a monitored service is really checked, from its heartbeats, next to how often it should be
// (`interval_seconds`). The Services view shows the configured cadence and says so when the checks that
// arrive disagree with it: a checker that runs slow, fast or not at all is worth knowing about.

export interface CadenceInput {
  intervalSeconds: number
  /** checked_at of the monitor's recent heartbeats, ISO, any order. */
  checkedAt: readonly string[]
  /** Server time now (ms). */
  now: number
}

export interface Cadence {
  /** The median gap between the recent checks, ms; null with too few of them to judge. */
  observedMs: number | null
  /** The observed cadence is off the configured one by more than half of it. */
  mismatch: boolean
  /** No check for more than 3 intervals (and at least 30 s): the checker stopped, or cannot reach us. */
  overdue: boolean
}

/** Gaps judged: the ones among the checks of the last 20 intervals (at least 2 min), at most 20 of them. */
const WINDOW_INTERVALS = 20
const MIN_WINDOW_MS = 120_000
const MAX_GAPS = 20
const MIN_GAPS = 3

export function checkCadence({ intervalSeconds, checkedAt, now }: CadenceInput): Cadence {
  const intervalMs = intervalSeconds * 1000
  const times = checkedAt
    .map((at) => Date.parse(at))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b)
  const last = times.at(-1)
  const overdue = last !== undefined && now - last > Math.max(3 * intervalMs, 30_000)
  const since = now - Math.max(WINDOW_INTERVALS * intervalMs, MIN_WINDOW_MS)
  const recent = times.filter((t) => t >= since)
  const gaps = recent
    .slice(1)
    .map((t, i) => t - recent[i]!)
    .slice(-MAX_GAPS)
  if (gaps.length < MIN_GAPS) return { observedMs: null, mismatch: false, overdue }
  const observedMs = median(gaps)
  return { observedMs, mismatch: Math.abs(observedMs - intervalMs) > intervalMs / 2, overdue }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** "5 s", "1.5 s", "2 min": a cadence in words. */
export function cadenceWords(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`
  const s = ms / 1000
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`
}
