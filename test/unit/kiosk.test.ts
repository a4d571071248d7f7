// The kiosk's parts against the fake electron module: the wall stays on its own display, moves to the
// primary when that display is unplugged and back when it returns; the display is kept awake; a renderer
// whose memory keeps growing is reloaded, telling the user once per incident, never on a spike; one that
// stops answering (asked on a timer: nobody touches a wall, so Chromium's 'unresponsive' may never come)
// is restarted after a grace period, back on the same page, and the user is told once per incident.
import { describe, expect, it } from 'vitest'
import { BrowserWindow, powerSaveBlocker, screen } from '../fakes/electron'
import { ManualClock } from '../../src/main/core/clock.testing'
import { RESTORED_NOTICE, watchCrashes } from '../../src/main/electron/crash-recovery'
import { followDisplay, keepAwake, watchAnswers, watchMemory } from '../../src/main/electron/kiosk/adapters'
import { MEMORY_NOTICE } from '../../src/main/electron/kiosk/adapters'
import { AnswerWatch, kioskDisplay, MemoryWatchdog, NoticeGate } from '../../src/main/electron/kiosk/logic'

/** Lets answers the fake renderer queued as microtasks arrive. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

const display = (id: number, x: number, width = 1920, height = 1080) => ({
  id,
  bounds: { x, y: 0, width, height },
  workArea: { x, y: 0, width, height: height - 40 },
})

describe('the kiosk display', () => {
  it('is its own while attached, else the primary', () => {
    const [a, b] = [display(1, 0), display(7, 1920)]
    expect(kioskDisplay(7, [a, b], a)).toEqual({ display: b, home: true })
    expect(kioskDisplay(7, [a], a)).toEqual({ display: a, home: false })
    expect(kioskDisplay(null, [a, b], a)).toEqual({ display: a, home: true })
  })

  it('moves to the primary when unplugged and back when replugged, covering the whole display', () => {
    screen.displays = [display(1, 0), display(7, 1920, 3840, 2160)]
    screen.primaryId = 1
    const win = new BrowserWindow({})
    const log: string[] = []
    const stop = followDisplay(win, screen, 7, (m) => log.push(m))
    expect(win.bounds).toEqual({ x: 1920, y: 0, width: 3840, height: 2160 })
    screen.unplug(7)
    expect(win.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1080 })
    screen.plug(display(7, 1920, 3840, 2160))
    expect(win.bounds).toEqual({ x: 1920, y: 0, width: 3840, height: 2160 })
    expect(log).toEqual([
      'kiosk on display 7',
      'display 7 is gone: kiosk on the primary',
      'kiosk on display 7',
    ])
    stop()
    screen.unplug(7)
    expect(win.bounds!.x).toBe(1920)
  })
})

describe('keeping awake', () => {
  it('holds a display-sleep blocker until released', () => {
    const release = keepAwake(powerSaveBlocker)
    expect([...powerSaveBlocker.active.values()]).toEqual(['prevent-display-sleep'])
    release()
    release()
    expect(powerSaveBlocker.active.size).toBe(0)
  })
})

describe('the memory watchdog', () => {
  const options = { growthFactor: 3, risingSamples: 3, hardLimitKb: 4_000_000, quietMs: 3_600_000 }

  it('ignores a spike, reloads on steady growth past 3× the settled size', () => {
    const dog = new MemoryWatchdog(options)
    const verdicts = [200_000, 900_000, 250_000, 400_000, 500_000, 650_000].map((kb, i) => dog.sample(kb, i))
    expect(verdicts.slice(0, 5).every((v) => v.action === 'none')).toBe(true)
    expect(verdicts[5]).toMatchObject({ action: 'reload', notify: true })
    expect(verdicts[5]).toMatchObject({ reason: expect.stringContaining('from 195 MB to 635 MB') })
  })

  it('leaves a renderer that grew once and then holds steady (a bigger floor, not a leak)', () => {
    const dog = new MemoryWatchdog(options)
    const verdicts = [200_000, 700_000, 700_000, 690_000, 700_000, 700_000].map((kb, i) => dog.sample(kb, i))
    expect(verdicts.map((v) => v.action)).toEqual(['none', 'none', 'none', 'none', 'none', 'none'])
  })

  it('reloads above the hard limit at once', () => {
    const dog = new MemoryWatchdog(options)
    dog.sample(100_000, 0)
    expect(dog.sample(4_100_000, 1)).toMatchObject({ action: 'reload' })
  })

  it('reloads the renderer, says so once per incident, and starts over after each load', () => {
    const clock = new ManualClock()
    const win = new BrowserWindow({})
    const wc = win.webContents
    const notices: string[] = []
    let kb = 100_000
    watchMemory(wc, {
      clock,
      memoryKb: () => kb,
      log: () => {},
      notice: (m) => notices.push(m),
      everyMs: 1000,
      options,
    })
    const grow = (steps: number) => {
      for (let i = 0; i < steps; i++) {
        kb += 100_000
        clock.advance(1000)
      }
    }
    clock.advance(1000) // baseline
    grow(3)
    expect(wc.reloads).toBe(1)
    wc.emit('did-finish-load')
    expect(notices).toEqual(['The wall display was reloaded to free memory; it is back on the same board.'])
    // It leaks again within the hour: reloaded again, not announced again.
    kb = 100_000
    clock.advance(1000)
    grow(3)
    expect(wc.reloads).toBe(2)
    wc.emit('did-finish-load')
    expect(notices).toHaveLength(1)
  })
})

describe('the answer watch', () => {
  it('asks when idle, declares silence once after the limit, and hears it recover', () => {
    const w = new AnswerWatch({ everyMs: 1000, silentAfterMs: 3000 })
    expect(w.tick(0, true)).toBe('wait') // a page still loading is not asked
    expect(w.tick(1000, false)).toBe('ask')
    expect(w.answered(1000)).toBe('answered')
    expect(w.tick(2000, false)).toBe('ask')
    expect([3000, 4000].map((t) => w.tick(t, false))).toEqual(['wait', 'wait'])
    expect(w.tick(5000, false)).toBe('silent')
    expect(w.tick(6000, false)).toBe('wait')
    expect(w.answered(1000)).toBe('stale')
    expect(w.answered(2000)).toBe('recovered')
    expect(w.tick(7000, false)).toBe('ask')
    w.reset() // a reload: the question to the old page is void
    expect(w.answered(7000)).toBe('stale')
  })

  it('shares one notice per incident between watchdogs', () => {
    const gate = new NoticeGate(3_600_000)
    expect([0, 60_000, 3_599_999, 3_600_000].map((t) => gate.allow(t))).toEqual([true, false, false, true])
  })
})

describe('a wall that stops answering', () => {
  const options = { everyMs: 1000, silentAfterMs: 3000 }

  function kioskWindow() {
    const clock = new ManualClock()
    const win = new BrowserWindow({})
    const wc = win.webContents
    wc.url = 'app://floorwatch/index.html?board=Main%20floor'
    const notices: string[] = []
    const log: string[] = []
    const gate = new NoticeGate(3_600_000)
    const recovery = watchCrashes(win, {
      clock,
      notice: (m) => notices.push(m),
      log: (m) => log.push(m),
      unresponsiveMs: 5000,
      notices: gate,
    })
    watchAnswers(wc, {
      clock,
      log: (m) => log.push(m),
      silent: (why) => recovery.hung(why),
      answered: () => recovery.responsive(),
      options,
    })
    const step = async (ms: number) => {
      for (let i = 0; i < ms / 1000; i++) {
        clock.advance(1000)
        await settle()
      }
    }
    return { clock, wc, notices, log, gate, step }
  }

  it('is restarted after the grace period, on the same board, and the user is told once', async () => {
    const k = kioskWindow()
    await k.step(3000)
    expect(k.wc.crashes).toBe(0)
    k.wc.stuck = true
    // Asked at +1 s, silent 3 s later, then 5 s of grace: restarted 9 s after it got stuck.
    await k.step(8000)
    expect(k.wc.crashes).toBe(0)
    await k.step(1000)
    expect(k.wc.crashes).toBe(1)
    expect(k.wc.reloads).toBe(1)
    expect(k.wc.getURL()).toBe('app://floorwatch/index.html?board=Main%20floor')
    k.wc.emit('did-finish-load')
    expect(k.notices).toEqual([RESTORED_NOTICE])
    expect(k.log.some((m) => /has not answered for 3 s/.test(m))).toBe(true)
    // Stuck again within the hour: restarted again, not announced again.
    await k.step(2000)
    k.wc.stuck = true
    await k.step(10_000)
    expect(k.wc.reloads).toBe(2)
    k.wc.emit('did-finish-load')
    expect(k.notices).toHaveLength(1)
  })

  it('is left alone when it answers within the grace period (a long task, not a hang)', async () => {
    const k = kioskWindow()
    await k.step(1000)
    k.wc.stuck = true
    await k.step(6000) // silent, grace running
    k.wc.unstick()
    await k.step(20_000)
    expect(k.wc.crashes).toBe(0)
    expect(k.wc.reloads).toBe(0)
    expect(k.log).toContain('renderer answers again')
  })

  it('is restarted on Chromium’s own unresponsive event too, and a reload for memory counts as the same incident', async () => {
    const k = kioskWindow()
    let kb = 100_000
    watchMemory(k.wc, {
      clock: k.clock,
      memoryKb: () => kb,
      log: () => {},
      notice: (m) => k.notices.push(m),
      everyMs: 1000,
      options: { growthFactor: 3, risingSamples: 3, hardLimitKb: 4_000_000, quietMs: 3_600_000 },
      notices: k.gate,
    })
    await k.step(1000)
    for (let i = 0; i < 3; i++) {
      kb += 100_000
      await k.step(1000)
    }
    expect(k.wc.reloads).toBe(1)
    k.wc.emit('did-finish-load')
    expect(k.notices).toEqual([MEMORY_NOTICE])
    k.wc.emit('unresponsive')
    await k.step(5000)
    expect(k.wc.crashes).toBe(1)
    expect(k.wc.reloads).toBe(2)
    k.wc.emit('did-finish-load')
    expect(k.notices).toEqual([MEMORY_NOTICE])
  })
})
