// Display formatting. Every clock time says which zone it is in: a supervisor in Lisbon watching a queue
// that resets in Manila must never guess.
export { formatDuration } from '../../../shared/domain/server-time'

const timeFormats = new Map<string, Intl.DateTimeFormat>()

function timeFormat(zone: string): Intl.DateTimeFormat {
  let f = timeFormats.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    timeFormats.set(zone, f)
  }
  return f
}

export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** "14:03:12" in `zone`. */
export function clockTime(ms: number | string, zone: string): string {
  const t = typeof ms === 'string' ? Date.parse(ms) : ms
  return Number.isFinite(t) ? timeFormat(zone).format(t) : '—'
}

/** A short zone label: "Europe/London" → "London", with the IANA name kept for titles. */
export function zoneLabel(zone: string): string {
  return zone.split('/').pop()?.replace(/_/g, ' ') ?? zone
}

export function percent(v: number | null, digits = 1): string {
  return v === null ? '—' : `${v.toFixed(digits)} %`
}

export function ms(v: number | null): string {
  return v === null ? '—' : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`
}

/** "12 s ago", "3 min ago": how old stale data is. */
export function age(msAgo: number): string {
  const s = Math.max(0, Math.round(msAgo / 1000))
  if (s < 60) return `${s} s ago`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ago`
  return `${Math.floor(m / 60)} h ${m % 60} min ago`
}

const moneyFormats = new Map<string, Intl.NumberFormat>()

/**
 * An amount in its currency ("$4.50", "€12.00", "CHF 3.25"): the currency's usual decimals, and up to the
 * two the database keeps where it has fewer ("¥4.5", not "¥5": no amount is rounded away). Without a
 * currency (a database before the campaign currency migration), the bare amount.
 */
export function money(v: number, currency: string | null): string {
  if (!currency) return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  let format = moneyFormats.get(currency)
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 })
    moneyFormats.set(currency, format)
  }
  return format.format(v)
}

export function integer(v: number): string {
  return v.toLocaleString('en-US')
}
