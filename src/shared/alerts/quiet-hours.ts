// Quiet hours on a user's own wall clock, in an IANA zone: "22:00 to 07:00 in Europe/Berlin" means whatever
// instants that wall clock shows those times, so a night across a daylight-saving change is an hour shorter
// or longer in real time. Only Intl is used, so it runs in Electron's main process and in every browser.
import { wallTime } from '../domain/zone'

export interface QuietHours {
  /** "HH:MM", wall clock, inclusive. */
  start: string
  /** "HH:MM", wall clock, exclusive; before `start` means the window spans midnight. */
  end: string
  /** IANA zone, e.g. "Europe/Berlin". */
  zone: string
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/

/** Why `q` is not usable, or null. */
export function quietHoursError(q: QuietHours): string | null {
  if (!HHMM.test(q.start)) return `quiet hours start "${q.start}" is not a time like 22:00`
  if (!HHMM.test(q.end)) return `quiet hours end "${q.end}" is not a time like 07:00`
  if (q.start === q.end) return 'quiet hours start and end are the same time'
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: q.zone })
  } catch {
    return `"${q.zone}" is not a time zone this system knows`
  }
  return null
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Whether instant `ms` falls in the quiet hours. */
export function isQuiet(ms: number, q: QuietHours): boolean {
  const w = wallTime(ms, q.zone)
  const m = w.hour * 60 + w.minute
  const start = minutes(q.start)
  const end = minutes(q.end)
  return start < end ? m >= start && m < end : m >= start || m < end
}

/**
 * The first whole minute after `ms` at which isQuiet changes, searched up to two days ahead: a timer for the
 * end of quiet hours (the digest) or their start. Minute steps, so a DST jump is found where it happens.
 */
export function nextQuietChange(ms: number, q: QuietHours): number | null {
  const quiet = isQuiet(ms, q)
  const first = Math.floor(ms / 60_000) * 60_000 + 60_000
  // Hop by 15 minutes (every zone's offsets are whole quarter hours), then find the minute.
  for (let t = first; t <= ms + 2 * 86_400_000; t += 15 * 60_000) {
    if (isQuiet(t, q) === quiet) continue
    for (let u = Math.max(first, t - 15 * 60_000); u <= t; u += 60_000) {
      if (isQuiet(u, q) !== quiet) return u
    }
  }
  return null
}

/**
 * How long a shell waits before its next policy tick: at most a minute (a storm's minute ends), and exactly
 * until quiet hours start or end when that is sooner (the digest goes out at the first quiet-free minute).
 */
export function nextTickDelay(now: number, q: QuietHours | null | undefined): number {
  const change = q ? nextQuietChange(now, q) : null
  return Math.min(60_000, change ? Math.max(1000, change - now) : 60_000)
}
