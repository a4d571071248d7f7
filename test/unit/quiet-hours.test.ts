// Quiet hours across daylight-saving changes: property tests over every transition of 2025–2027 in three zones
// with opposite or no-DST hemispheres, against a reference computed another way (Intl's UTC offset, not the
// wall-clock parts src/shared/domain/zone.ts reads).
import { describe, expect, it } from 'vitest'
import {
  isQuiet,
  nextQuietChange,
  quietHoursError,
  type QuietHours,
} from '../../src/shared/alerts/quiet-hours'

const ZONES = ['Europe/Berlin', 'America/Chicago', 'Australia/Sydney']
const HOUR = 3_600_000
const MIN = 60_000

const offsetFormat = new Map<string, Intl.DateTimeFormat>()
/** The zone's UTC offset at `ms`, read from Intl's "GMT+10:30" name. */
function offsetMs(ms: number, zone: string): number {
  let f = offsetFormat.get(zone)
  if (!f)
    offsetFormat.set(
      zone,
      (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })),
    )
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name)
  if (!m) return 0
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * HOUR + Number(m[3]) * MIN)
}

function refQuiet(ms: number, q: QuietHours): boolean {
  const wall = new Date(ms + offsetMs(ms, q.zone))
  const m = wall.getUTCHours() * 60 + wall.getUTCMinutes()
  const [s, e] = [q.start, q.end].map((x) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3)))
  return s! < e! ? m >= s! && m < e! : m >= s! || m < e!
}

function transitions(zone: string): number[] {
  const out: number[] = []
  for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2028, 0, 1); t += HOUR) {
    if (offsetMs(t, zone) !== offsetMs(t + HOUR, zone)) out.push(t + HOUR)
  }
  return out
}

/** A seeded generator, so a failure replays. */
function rng(seed: number) {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

describe('quiet hours across daylight-saving changes, 2025–2027', () => {
  for (const zone of ZONES) {
    it(`${zone}: agrees with the reference at every 5 minutes around each of its 6 transitions`, () => {
      const found = transitions(zone)
      expect(found).toHaveLength(6)
      const next = rng(zone.length)
      for (const change of found) {
        // Random windows, and one that straddles the night of the change.
        const windows: QuietHours[] = [{ start: '22:00', end: '07:00', zone }]
        for (let i = 0; i < 3; i++) {
          const start = Math.floor(next() * 96) * 15
          let end = Math.floor(next() * 96) * 15
          if (end === start) end = (start + 60) % 1440
          windows.push({ start: hhmm(start), end: hhmm(end), zone })
        }
        for (const q of windows) {
          for (let t = change - 30 * HOUR; t <= change + 30 * HOUR; t += 5 * MIN) {
            if (isQuiet(t, q) !== refQuiet(t, q))
              throw new Error(`${zone} ${JSON.stringify(q)} at ${new Date(t).toISOString()}`)
          }
        }
      }
    })

    it(`${zone}: the next change is the first minute the reference flips`, () => {
      const next = rng(zone.length * 7)
      for (const change of transitions(zone)) {
        const q = { start: '01:30', end: '03:30', zone }
        for (let i = 0; i < 12; i++) {
          const t = change - 20 * HOUR + Math.floor(next() * 40 * 60) * MIN + 17_000
          const u = nextQuietChange(t, q)!
          expect(u).toBeGreaterThan(t)
          expect(refQuiet(u, q)).not.toBe(refQuiet(t, q))
          for (let v = Math.floor(t / MIN) * MIN + MIN; v < u; v += MIN) {
            if (refQuiet(v, q) !== refQuiet(t, q))
              throw new Error(`missed a change at ${new Date(v).toISOString()}`)
          }
        }
      }
    })
  }

  it('makes a 22:00–07:00 night an hour shorter or longer in real time when the clocks change', () => {
    const night = (zone: string, startUtc: string) => {
      const q = { start: '22:00', end: '07:00', zone }
      const start = Date.parse(startUtc)
      expect(isQuiet(start, q)).toBe(true)
      expect(isQuiet(start - MIN, q)).toBe(false)
      return (nextQuietChange(start, q)! - start) / HOUR
    }
    expect(night('Europe/Berlin', '2026-03-28T21:00:00Z')).toBe(8) // spring forward
    expect(night('Europe/Berlin', '2026-10-24T20:00:00Z')).toBe(10) // fall back
    expect(night('America/Chicago', '2026-03-08T04:00:00Z')).toBe(8)
    expect(night('America/Chicago', '2026-11-01T03:00:00Z')).toBe(10)
    expect(night('Australia/Sydney', '2026-04-04T11:00:00Z')).toBe(10) // April: clocks go back
    expect(night('Australia/Sydney', '2026-10-03T12:00:00Z')).toBe(8)
    expect(night('Europe/Berlin', '2026-06-10T20:00:00Z')).toBe(9)
  })

  it('says what is wrong with bad quiet hours', () => {
    expect(quietHoursError({ start: '22:00', end: '07:00', zone: 'Europe/Berlin' })).toBeNull()
    expect(quietHoursError({ start: '25:00', end: '07:00', zone: 'UTC' })).toBe(
      'quiet hours start "25:00" is not a time like 22:00',
    )
    expect(quietHoursError({ start: '22:00', end: '7', zone: 'UTC' })).toBe(
      'quiet hours end "7" is not a time like 07:00',
    )
    expect(quietHoursError({ start: '22:00', end: '22:00', zone: 'UTC' })).toBe(
      'quiet hours start and end are the same time',
    )
    expect(quietHoursError({ start: '22:00', end: '07:00', zone: 'Mars/Olympus' })).toBe(
      '"Mars/Olympus" is not a time zone this system knows',
    )
  })
})
