// Time as a port: the core never reads the wall clock or schedules a timer directly, so tests drive it
// with the manual clock in clock.testing.ts and assert behaviour without waiting.

/** Opaque timer handle; only the clock that made it can clear it. */
export type TimerHandle = { readonly __timer: unique symbol } | number

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle | undefined): void
  setInterval(fn: () => void, ms: number): TimerHandle
  clearInterval(handle: TimerHandle | undefined): void
}

type NativeTimer = ReturnType<typeof globalThis.setTimeout>

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle as unknown as NativeTimer | undefined),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms) as unknown as TimerHandle,
  clearInterval: (handle) => globalThis.clearInterval(handle as unknown as NativeTimer | undefined),
}
