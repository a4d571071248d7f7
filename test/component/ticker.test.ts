// The shared ticker ticks on whole periods of the clock, so every page (every wall) ticks at the same
// moments whenever it was opened.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTicker } from '../../src/renderer/src/lib/ticker'

afterEach(() => vi.useRealTimers())

describe('the shared ticker', () => {
  it('ticks just past each whole second, whenever it started', () => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.UTC(2026, 11, 2, 12, 0, 0, 400))
    const ticker = createTicker()
    const seen: number[] = []
    const stop = ticker.subscribe(() => seen.push(ticker.get() % 60_000))
    vi.advanceTimersByTime(600)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(1)
    expect(seen).toEqual([1_001])
    vi.advanceTimersByTime(2_000)
    expect(seen).toEqual([1_001, 2_001, 3_001])
    stop()
    vi.advanceTimersByTime(5_000)
    expect(seen).toHaveLength(3)
  })

  it('two tickers started apart tick together', () => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.UTC(2026, 11, 2, 12, 0, 0, 100))
    const a: number[] = []
    const b: number[] = []
    const first = createTicker()
    first.subscribe(() => a.push(first.get()))
    vi.advanceTimersByTime(550)
    const second = createTicker()
    second.subscribe(() => b.push(second.get()))
    vi.advanceTimersByTime(3_000)
    expect(b).toEqual(a.slice(-b.length))
    expect(b.length).toBeGreaterThanOrEqual(3)
  })
})
