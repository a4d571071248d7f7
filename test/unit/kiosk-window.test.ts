// The desktop kiosk as the window manager builds it, against the fake electron module: the wall opens on
// the display asked for and remembers it by id, shows its board (the page's address, which a reload keeps),
// keeps the display awake, follows its display when it is unplugged and replugged, and a page that stops
// answering is restarted after the grace period, back on the same board, with one notice per incident and
// a fresh snapshot frame (not news: nothing is alerted again). Closing the window lets everything go.
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../fakes/electron'))

const electron = await import('../fakes/electron')
const { WindowManager } = await import('../../src/main/electron/window-manager')
const { RESTORED_NOTICE } = await import('../../src/main/electron/crash-recovery')
const { ManualClock } = await import('../../src/main/core/clock.testing')
const { FakeConsole } = await import('../../src/main/core/api.testing')

type Settings = ConstructorParameters<typeof WindowManager>[0]['settings']

const display = (id: number, x: number) => ({
  id,
  bounds: { x, y: 0, width: 1920, height: 1080 },
  workArea: { x, y: 0, width: 1920, height: 1040 },
})
const settle = () => new Promise((resolve) => setImmediate(resolve))

function kiosk() {
  electron.screen.displays = [display(1, 0), display(7, 1920)]
  electron.screen.primaryId = 1
  let saved: ReturnType<Settings['get']> = {} as ReturnType<Settings['get']>
  const settings = {
    path: '/tmp/settings.json',
    get: () => saved,
    update: (change: object) => void (saved = { ...saved, ...change }),
    flush: () => undefined,
  } as unknown as Settings
  const clock = new ManualClock()
  const engine = new FakeConsole()
  const log: string[] = []
  const windows = new WindowManager({
    engine,
    settings,
    flags: { kiosk: true, display: 2, board: 'Main floor' },
    clock,
    paths: { preloadDir: '/p', devServerUrl: null },
    log: (m) => log.push(m),
  })
  const win = windows.show() as unknown as InstanceType<typeof electron.BrowserWindow>
  const wc = win.webContents
  wc.emit('did-finish-load')
  const notices = () =>
    wc.sent.filter((s) => s.channel === 'app:notice').map((s) => (s.payload as { message: string }).message)
  const snapshots = () =>
    wc.sent.filter(
      (s) =>
        s.channel === 'floor:batch' && (s.payload as { frame?: { kind: string } }).frame?.kind === 'snapshot',
    ).length
  const step = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      clock.advance(1000)
      await settle()
    }
  }
  return { win, wc, settings, clock, notices, snapshots, step, log }
}

describe('the desktop kiosk window', () => {
  it('opens on the display asked for, remembers it by id, shows its board and keeps the display awake', () => {
    const k = kiosk()
    expect(k.win.kiosk || k.win.options.kiosk).toBe(true)
    expect(k.win.bounds).toEqual({ x: 1920, y: 0, width: 1920, height: 1080 })
    expect(k.settings.get().window?.displayId).toBe(7)
    expect(new URL(k.wc.getURL()).searchParams.get('board')).toBe('Main floor')
    expect([...electron.powerSaveBlocker.active.values()]).toEqual(['prevent-display-sleep'])
    electron.screen.unplug(7)
    expect(k.win.bounds?.x).toBe(0)
    electron.screen.plug(display(7, 1920))
    expect(k.win.bounds?.x).toBe(1920)
    k.win.emit('closed')
    expect(electron.powerSaveBlocker.active.size).toBe(0)
  })

  it('restarts a page that stopped answering, on the same board, telling the user once per incident', async () => {
    const k = kiosk()
    const board = k.wc.getURL()
    await k.step(20_000)
    expect(k.wc.crashes).toBe(0)
    const framesBefore = k.snapshots()
    k.wc.stuck = true
    // Asked every 15 s, silent after 10 s, restarted after 10 s more: within 45 s.
    await k.step(45_000)
    expect(k.wc.crashes).toBe(1)
    expect(k.wc.reloads).toBe(1)
    expect(k.wc.getURL()).toBe(board)
    k.wc.emit('did-finish-load')
    expect(k.notices()).toEqual([RESTORED_NOTICE])
    // The reloaded page gets the floor as a snapshot frame: state, not news to alert on.
    expect(k.snapshots()).toBe(framesBefore + 1)
    await k.step(20_000)
    k.wc.stuck = true
    await k.step(45_000)
    expect(k.wc.reloads).toBe(2)
    k.wc.emit('did-finish-load')
    expect(k.notices()).toEqual([RESTORED_NOTICE])
    expect(k.log.filter((m) => /has not answered/.test(m))).toHaveLength(2)
    k.win.emit('closed')
  })
})
