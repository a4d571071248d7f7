// One shared clock for every live duration on screen: a single timer, read through useSyncExternalStore,
// instead of a timer per row. It ticks only while something is listening, on whole periods of the clock
// (12:00:01.000, 12:00:02.000, …), so that every page on every screen ticks at the same moments: two walls
// side by side turn their boards together, not up to a period apart.
import { useSyncExternalStore } from 'react'
import { useFw } from '../store/react'

export interface Ticker {
  subscribe(listener: () => void): () => void
  get(): number
}

export function createTicker(now: () => number = Date.now, periodMs = 1000): Ticker {
  const listeners = new Set<() => void>()
  let current = now()
  let timer: ReturnType<typeof setTimeout> | undefined
  // Just past the next whole period, so that the value read then is in it.
  const schedule = (): void => {
    timer = setTimeout(
      () => {
        current = now()
        for (const l of listeners) l()
        schedule()
      },
      periodMs - (((now() % periodMs) + periodMs) % periodMs) + 1,
    )
  }
  return {
    subscribe(listener) {
      listeners.add(listener)
      if (!timer) {
        current = now()
        schedule()
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && timer) {
          clearTimeout(timer)
          timer = undefined
        }
      }
    },
    get: () => current,
  }
}

let shared: Ticker = createTicker()

/** Tests swap in a ticker driven by fake time. */
export function setSharedTicker(t: Ticker): void {
  shared = t
}

/** Local time now, re-rendering once per tick. */
export function useTick(): number {
  return useSyncExternalStore(shared.subscribe, shared.get)
}

/**
 * Server time now (local clock + measured skew), re-rendering once per tick, for every live duration on
 * screen. While the data is not confirmed current (stale, offline, cached) the clock stops at the last
 * confirmation: a wait shown then is the wait as of that moment, never one extrapolated into a warning.
 */
export function useServerNow(): number {
  const local = useTick()
  const skew = useFw((s) => s.connection.health?.skewMs ?? 0)
  const frozenAt = useFw((s) => {
    const data = s.connection.health?.data
    return data && !data.live && data.asOf !== null ? data.asOf : null
  })
  return Math.min(local, frozenAt ?? Infinity) + (skew ?? 0)
}
