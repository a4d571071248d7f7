import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { systemClock } from '../../src/main/core/clock'

describe('manual clock', () => {
  it('fires timers in due order as time advances, including ones scheduled meanwhile', () => {
    const clock = new ManualClock(0)
    const fired: string[] = []
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20)
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`)
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 5)
    }, 10)
    const gone = clock.setTimeout(() => fired.push('never'), 12)
    clock.clearTimeout(gone)
    clock.advance(30)
    expect(fired).toEqual(['a@10', 'c@15', 'b@20'])
    expect(clock.now()).toBe(30)
    expect(clock.pending).toBe(0)
  })

  it('repeats intervals until cleared, and jumps without firing', () => {
    const clock = new ManualClock(0)
    let ticks = 0
    const h = clock.setInterval(() => ticks++, 10)
    clock.advance(35)
    expect(ticks).toBe(3)
    clock.jump(1_000)
    expect(ticks).toBe(3)
    clock.clearInterval(h)
    clock.advance(100)
    expect(ticks).toBe(3)
  })

  it('has a system implementation with the same shape', () => {
    const h = systemClock.setTimeout(() => {}, 1_000)
    systemClock.clearTimeout(h)
    expect(typeof systemClock.now()).toBe('number')
  })
})
