// Native integration against the fake `electron` module: the notifier maps severities and clicks, the
// desktop alert wiring ignores the snapshot, crash recovery backs off, and power events feed the engine's
// reconnection probe. The tray has its own file, electron-tray.test.ts.
import { beforeEach, describe, expect, it } from 'vitest'
import * as electron from '../fakes/electron'
import { AlertPolicy, presentationFor, type AlertNotice } from '../../src/main/core/alerts'
import { ManualClock } from '../../src/main/core/clock.testing'
import { createNotifier, notificationOptions, type NotificationClass } from '../../src/main/electron/notifier'
import { startDesktopAlerts } from '../../src/main/electron/desktop-alerts'
import { backoffDelay, watchCrashes, type RecoverableWindow } from '../../src/main/electron/crash-recovery'
import { wirePower, type PowerMonitorLike } from '../../src/main/electron/power'
import type { ViewSink } from '../../src/main/core/relay'
import type { Alert, Severity } from '../../src/shared/domain/rows'
import type { DeltaBatch } from '../../src/shared/domain/delta'

const ID = '6f9a1d2e-0000-4000-8000-000000000001'
const notice = (severity: Severity, reason: AlertNotice['reason'] = 'raised'): AlertNotice => ({
  alertId: ID,
  reason,
  severity,
  title: 'Trunk down',
  body: 'No answer',
  presentation: presentationFor(severity),
})

function notifier(platform: NodeJS.Platform = 'linux', sound = true) {
  const calls: string[] = []
  const n = createNotifier({
    Notification: electron.Notification as unknown as NotificationClass,
    platform,
    icon: '/icons/icon.png',
    soundEnabled: () => sound,
    open: (id) => calls.push(`open ${id}`),
    acknowledge: (id) => calls.push(`ack ${id}`),
    flash: () => calls.push('flash'),
  })
  return { n, calls }
}

beforeEach(() => {
  electron.Notification.shown.length = 0
  electron.Notification.supported = true
})

describe('notifier', () => {
  it.each([
    ['info', { urgency: 'low', silent: true, timeoutType: 'default' }],
    ['warning', { urgency: 'normal', silent: true, timeoutType: 'default' }],
    ['critical', { urgency: 'critical', silent: false, timeoutType: 'never' }],
  ] as const)('maps %s to urgency, sound and timeout on Linux', (severity, expected) => {
    expect(notificationOptions(notice(severity), 'linux', true)).toMatchObject(expected)
  })

  it('titles escalations, silences critical alerts when sound is off, and only offers actions on macOS', () => {
    const escalated = notificationOptions(notice('critical', 'escalated'), 'darwin', false)
    expect(escalated).toMatchObject({ title: 'Critical (escalated): Trunk down', silent: true })
    expect(escalated.actions).toEqual([{ type: 'button', text: 'Acknowledge' }])
    expect(escalated.urgency).toBeUndefined()
    expect(notificationOptions(notice('warning'), 'win32', true).actions).toBeUndefined()
  })

  it('a click opens the alert; the Acknowledge action acknowledges it; critical flashes', () => {
    const { n, calls } = notifier()
    expect(n.show(notice('critical'))).toBe(true)
    const shown = electron.Notification.shown[0]!
    expect(shown.options).toMatchObject({ title: 'Critical: Trunk down', icon: '/icons/icon.png' })
    expect(calls).toEqual(['flash'])
    shown.emit('click')
    expect(calls).toEqual(['flash', `open ${ID}`])
    expect(n.active.size).toBe(0)
    n.show(notice('warning'))
    electron.Notification.shown[1]!.emit('action', {}, 0)
    expect(calls.at(-1)).toBe(`ack ${ID}`)
  })

  it('replaces the notification of an escalated alert and does nothing where unsupported', () => {
    const { n } = notifier()
    n.show(notice('warning'))
    n.show(notice('critical', 'escalated'))
    expect(electron.Notification.shown[0]!.closed).toBe(true)
    expect([...n.active.values()]).toEqual([electron.Notification.shown[1]])
    electron.Notification.supported = false
    expect(n.show(notice('info'))).toBe(false)
  })
})

describe('desktop alerts wiring', () => {
  it('ignores the snapshot of its view, notifies what follows, and keeps the tray in step', () => {
    const clock = new ManualClock()
    let sink: ViewSink | null = null
    const alert = (id: string): Alert =>
      ({
        id,
        status: 'open',
        severity: 'critical',
        title: id,
        body: '',
        raised_at: new Date(clock.now()).toISOString(),
      }) as Alert
    const batch = (id: string): DeltaBatch => ({
      deltas: [{ kind: 'upsert', table: 'alerts', id, row: alert(id) }],
    })
    const engine = {
      attachView: (s: ViewSink) => {
        sink = s
        s.send({ ...batch('old'), frame: { id: 1, kind: 'snapshot', first: true, last: true } })
        return { id: 1, resume: () => undefined, close: () => (sink = null) }
      },
    }
    const shown: string[] = []
    const states: number[] = []
    let enabled = true
    const stop = startDesktopAlerts({
      engine,
      policy: new AlertPolicy({ clock }),
      show: (n) => shown.push(n.alertId),
      enabled: () => enabled,
      onState: (s) => states.push(s.unread),
    })
    sink!.send(batch('new'))
    enabled = false
    sink!.send(batch('quiet'))
    expect(shown).toEqual(['new'])
    expect(states).toEqual([0, 1, 2])
    stop()
    expect(sink).toBeNull()
  })
})

describe('crash recovery', () => {
  function fakeWindow() {
    const on = new Map<string, (...a: unknown[]) => void>()
    const once: (() => void)[] = []
    let reloads = 0
    let crashed = 0
    const win: RecoverableWindow = {
      on: (event, fn) => on.set(`win:${event}`, fn),
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
      fire: (e: string) => on.get(`win:${e}`)!(),
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
