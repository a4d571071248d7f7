// A manual clock for tests: time moves only when the test says so, and timers fire in due order.
import type { Clock, TimerHandle } from './clock'

interface Timer {
  id: number
  due: number
  fn: () => void
  every?: number
}

export class ManualClock implements Clock {
  private current: number
  private nextId = 1
  private timers = new Map<number, Timer>()

  constructor(start = Date.UTC(2026, 10, 21, 9, 0, 0)) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms)
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, Math.max(1, ms))
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (typeof handle === 'number') this.timers.delete(handle)
  }

  clearInterval(handle: TimerHandle | undefined): void {
    this.clearTimeout(handle)
  }

  /** Timers not yet fired or cleared. */
  get pending(): number {
    return this.timers.size
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms)
    for (;;) {
      const next = this.nextDue(target)
      if (!next) break
      this.current = next.due
      if (next.every === undefined) this.timers.delete(next.id)
      else next.due += next.every
      next.fn()
    }
    this.current = target
  }

  /** Jumps the wall clock without firing timers, as a laptop does across sleep. */
  jump(ms: number): void {
    this.current += ms
  }

  private add(fn: () => void, ms: number, every?: number): TimerHandle {
    const id = this.nextId++
    const timer: Timer = { id, due: this.current + Math.max(0, ms), fn }
    if (every !== undefined) timer.every = every
    this.timers.set(id, timer)
    return id
  }

  private nextDue(limit: number): Timer | undefined {
    let next: Timer | undefined
    for (const t of this.timers.values()) {
      if (t.due <= limit && (!next || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t
    }
    return next
  }
}
