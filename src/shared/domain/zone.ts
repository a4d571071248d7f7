// Wall-clock arithmetic in IANA time zones with nothing but Intl, so it runs in every process.

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, f)
  }
  return f
}

/** The wall clock in `zone` at instant `ms`. */
export function wallTime(ms: number, zone: string): WallTime {
  const out: Record<string, number> = {}
  for (const part of formatter(zone).formatToParts(ms)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value)
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  }
}

function asUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
}

/** How far `zone`'s wall clock is ahead of UTC at instant `ms`. */
export function zoneOffsetMs(ms: number, zone: string): number {
  return asUtc(wallTime(ms, zone)) - Math.floor(ms / 1000) * 1000
}

const HALF_DAY = 12 * 3600_000

/**
 * The instant at which `zone`'s wall clock reads `w`. Like Temporal's "compatible" disambiguation: in a
 * repeated hour (autumn) the earlier instant; in a skipped hour (spring) the time moved forward by the gap.
 */
export function zonedToInstant(w: WallTime, zone: string): number {
  const guess = asUtc(w)
  const before = zoneOffsetMs(guess - HALF_DAY, zone)
  const after = zoneOffsetMs(guess + HALF_DAY, zone)
  const valid = [guess - before, guess - after].filter((t) => asUtc(wallTime(t, zone)) === guess)
  if (valid.length > 0) return Math.min(...valid)
  return guess - before
}

/** Parses "HH:MM" or "HH:MM:SS(.ffffff)" into [hour, minute, second] (fractions dropped). */
export function parseTimeOfDay(time: string): [number, number, number] {
  const [h = '0', m = '0', s = '0'] = time.split(':')
  return [Number(h), Number(m), Math.floor(Number(s))]
}

/**
 * Start of the current operational day: the latest instant ≤ `nowMs` at which `zone`'s clock read
 * `resetTime`. A centre that resets at 06:00 counts 03:00 as part of yesterday.
 */
export function periodStart(nowMs: number, zone: string, resetTime: string): number {
  const [hour, minute, second] = parseTimeOfDay(resetTime)
  const today = wallTime(nowMs, zone)
  const start = zonedToInstant({ ...today, hour, minute, second }, zone)
  if (start <= nowMs) return start
  const y = new Date(Date.UTC(today.year, today.month - 1, today.day - 1))
  const yesterday = { year: y.getUTCFullYear(), month: y.getUTCMonth() + 1, day: y.getUTCDate() }
  return zonedToInstant({ ...yesterday, hour, minute, second }, zone)
}
