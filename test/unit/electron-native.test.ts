// Native integration against the fake `electron` module: crash recovery backs off, and power events feed
// the engine's reconnection probe. Notifications are in electron-alerts.test.ts, the tray in
// electron-tray.test.ts.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { backoffDelay, watchCrashes, type RecoverableWindow } from '../../src/main/electron/crash-recovery'
import { wirePower, type PowerMonitorLike } from '../../src/main/electron/power'

describe('crash recovery', () => {
  function fakeWindow() {
    const on = new Map<string, (...a: unknown[]) => void>()
    const once: (() => void)[] = []
    let reloads = 0
    let crashed = 0
    const win: RecoverableWindow = {
      webContents: {
        on: (event, fn) => on.set(event, fn as never),
        once: (_event, fn) => once.push(fn),
        reload: () => void reloads++,
        forcefullyCrashRenderer: () => void crashed++,
        isDestroyed: () => false,
      },
    }
    const gone = (reason: string) => on.get('render-process-gone')!({}, { reason })
    const loaded = () => once.splice(0).forEach((fn) => fn())
    return {
      win,
      gone,
      loaded,
      fire: (e: string) => on.get(e)!(),
      reloads: () => reloads,
      crashed: () => crashed,
    }
  }

  it('reloads at once after a crash, with a notice once the view is back', () => {
    const clock = new ManualClock()
    const notices: string[] = []
    const w = fakeWindow()
    watchCrashes(w.win, { clock, notice: (m) => notices.push(m), log: () => undefined })
    w.gone('crashed')
    clock.advance(0)
    expect(w.reloads()).toBe(1)
    w.loaded()
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/restored/)
    w.gone('clean-exit')
    clock.advance(60_000)
    expect(w.reloads()).toBe(1)
  })

  it('backs off on repeated crashes and starts over once the view stays up', () => {
    expect([1, 2, 3, 4, 5, 20].map((n) => backoffDelay(n))).toEqual([0, 1000, 2000, 4000, 8000, 60_000])
    const clock = new ManualClock()
    const w = fakeWindow()
    const watch = watchCrashes(w.win, { clock, notice: () => undefined, log: () => undefined })
    w.gone('oom')
    clock.advance(0)
    w.gone('oom')
    clock.advance(999)
    expect(w.reloads()).toBe(1)
    clock.advance(1)
    expect(w.reloads()).toBe(2)
    expect(watch.crashes()).toBe(2)
    clock.advance(10 * 60_000)
    w.gone('crashed')
    expect(watch.crashes()).toBe(1)
  })

  it('restarts a renderer that stays unresponsive, not one that recovers', () => {
    const clock = new ManualClock()
    const w = fakeWindow()
    watchCrashes(w.win, { clock, notice: () => undefined, log: () => undefined, unresponsiveMs: 5000 })
    w.fire('unresponsive')
    clock.advance(4000)
    w.fire('responsive')
    clock.advance(5000)
    expect(w.crashed()).toBe(0)
    w.fire('unresponsive')
    clock.advance(5000)
    expect(w.crashed()).toBe(1)
  })
})

describe('power and network', () => {
  it('feeds resume, unlock and network changes to the engine', () => {
    const clock = new ManualClock()
    const listeners = new Map<string, () => void>()
    const powerMonitor: PowerMonitorLike = {
      on: (e, fn) => listeners.set(e, fn),
      removeListener: (e) => listeners.delete(e),
    }
    const calls: string[] = []
    let online = true
    const engine = {
      wake: (r: string) => void calls.push(`wake ${r}`),
      setNetworkOnline: (o: boolean) => void calls.push(`online ${o}`),
    }
    const stop = wirePower({ powerMonitor, isOnline: () => online, engine, clock, log: () => undefined })
    listeners.get('suspend')!()
    listeners.get('resume')!()
    listeners.get('lock-screen')!()
    listeners.get('unlock-screen')!()
    online = false
    clock.advance(2000)
    online = true
    clock.advance(2000)
    clock.advance(2000)
    expect(calls).toEqual([
      'online true',
      'wake resume',
      'wake unlock',
      'online false',
      'online true',
      'wake online',
    ])
    stop()
    expect(listeners.size).toBe(0)
    expect(clock.pending).toBe(0)
  })
})
