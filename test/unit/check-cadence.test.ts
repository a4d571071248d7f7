// The cadence a monitor's heartbeats really have, next to its interval_seconds: the median of the recent
// gaps (one late check is not a slow checker), a mismatch only past half an interval, overdue past three.
import { describe, expect, it } from 'vitest'
import { cadenceWords, checkCadence } from '../../src/shared/domain/check-cadence'

const NOW = Date.parse('2026-05-04T10:00:00Z')
/** Checks `everyS` seconds apart, the last one `lastAgoS` ago. */
const beats = (n: number, everyS: number, lastAgoS = everyS / 2) =>
  Array.from({ length: n }, (_v, i) => new Date(NOW - (lastAgoS + i * everyS) * 1000).toISOString())

describe('check cadence', () => {
  it('matches when the checks come on the interval, even with one late', () => {
    const checkedAt = beats(10, 5)
    checkedAt[3] = new Date(Date.parse(checkedAt[3]!) - 9000).toISOString()
    expect(checkCadence({ intervalSeconds: 5, checkedAt, now: NOW })).toEqual({
      observedMs: 5000,
      mismatch: false,
      overdue: false,
    })
  })

  it('says so when the checks come three times too often or too seldom', () => {
    expect(checkCadence({ intervalSeconds: 5, checkedAt: beats(12, 1.5), now: NOW })).toMatchObject({
      observedMs: 1500,
      mismatch: true,
    })
    expect(checkCadence({ intervalSeconds: 5, checkedAt: beats(8, 15), now: NOW })).toMatchObject({
      observedMs: 15_000,
      mismatch: true,
    })
    // Within half an interval is the same cadence.
    expect(checkCadence({ intervalSeconds: 10, checkedAt: beats(8, 14), now: NOW }).mismatch).toBe(false)
  })

  it('judges only recent checks, and needs a few of them', () => {
    // Old checks a minute apart (history), then live ones on the interval.
    const old = Array.from({ length: 30 }, (_v, i) => new Date(NOW - (600 + i * 60) * 1000).toISOString())
    expect(checkCadence({ intervalSeconds: 5, checkedAt: [...old, ...beats(6, 5)], now: NOW })).toMatchObject(
      { observedMs: 5000, mismatch: false },
    )
    expect(checkCadence({ intervalSeconds: 5, checkedAt: beats(3, 20), now: NOW })).toEqual({
      observedMs: null,
      mismatch: false,
      overdue: false,
    })
  })

  it('is overdue after three intervals without a check (at least 30 s)', () => {
    expect(checkCadence({ intervalSeconds: 5, checkedAt: beats(5, 5, 29), now: NOW }).overdue).toBe(false)
    expect(checkCadence({ intervalSeconds: 5, checkedAt: beats(5, 5, 31), now: NOW }).overdue).toBe(true)
    expect(checkCadence({ intervalSeconds: 60, checkedAt: beats(5, 60, 170), now: NOW }).overdue).toBe(false)
    expect(checkCadence({ intervalSeconds: 60, checkedAt: beats(5, 60, 190), now: NOW }).overdue).toBe(true)
    expect(checkCadence({ intervalSeconds: 5, checkedAt: [], now: NOW }).overdue).toBe(false)
  })

  it('words a cadence', () => {
    expect([1500, 5000, 12_400, 90_000, 300_000].map(cadenceWords)).toEqual([
      '1.5 s',
      '5 s',
      '12 s',
      '90 s',
      '5 min',
    ])
  })
})
