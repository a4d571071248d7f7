// The kiosk's parts against the fake electron module: the wall stays on its own display, moves to the
// primary when that display is unplugged and back when it returns; the display is kept awake; a renderer
// whose memory keeps growing is reloaded, telling the user once per incident, never on a spike.
import { describe, expect, it } from 'vitest'
import { BrowserWindow, powerSaveBlocker, screen } from '../fakes/electron'
import { ManualClock } from '../../src/main/core/clock.testing'
import { followDisplay, keepAwake, watchMemory } from '../../src/main/electron/kiosk/adapters'
import { kioskDisplay, MemoryWatchdog } from '../../src/main/electron/kiosk/logic'

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
