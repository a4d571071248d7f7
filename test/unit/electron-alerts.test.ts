// The desktop's alerts against the fake `electron` module: the notifier carries out the shared notification
// policy's commands (severity to urgency, sound and flash; click opens, Acknowledge acknowledges; a withdrawal
// closes), and the desktop wiring feeds it from a relay view: nothing from the snapshot (alerts from before
// the start), once per raise, an ack anywhere closes, storms collapse, quiet hours end in a digest.
import { beforeEach, describe, expect, it } from 'vitest'
import * as electron from '../fakes/electron'
import { AlertPolicy, type AlertPolicyOptions } from '../../src/main/core/alerts'
import { DEFAULT_ROUTING, type NotifyCommand } from '../../src/shared/alerts/notification-policy'
import { ManualClock } from '../../src/main/core/clock.testing'
import { createNotifier, notificationOptions, type NotificationClass } from '../../src/main/electron/notifier'
import { startDesktopAlerts } from '../../src/main/electron/desktop-alerts'
import type { ViewSink } from '../../src/main/core/relay'
import type { Alert, Severity } from '../../src/shared/domain/rows'
import type { DeltaBatch } from '../../src/shared/domain/delta'

const ID = '6f9a1d2e-0000-4000-8000-000000000001'
const notice = (
  severity: Severity,
  reason: Extract<NotifyCommand, { type: 'show' }>['reason'] = 'raised',
): NotifyCommand => ({
  type: 'show',
  alertId: ID,
  tag: `alert:${ID}`,
  reason,
  severity,
  title: 'Trunk down',
  body: 'No answer',
  delivery: DEFAULT_ROUTING[severity].native ? DEFAULT_ROUTING[severity] : { ...QUIET, banner: true },
})
const QUIET = { native: false, sound: false, flash: false, banner: false }
type Showable = Exclude<NotifyCommand, { type: 'withdraw' }>

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
    expect(notificationOptions(notice(severity) as Showable, 'linux', true)).toMatchObject(expected)
  })

  it('titles escalations, silences critical alerts when sound is off, and only offers actions on macOS', () => {
    const escalated = notificationOptions(notice('critical', 'escalated') as Showable, 'darwin', false)
    expect(escalated).toMatchObject({ title: 'Critical (escalated): Trunk down', silent: true })
    expect(escalated.actions).toEqual([{ type: 'button', text: 'Acknowledge' }])
    expect(escalated.urgency).toBeUndefined()
    expect(notificationOptions(notice('warning') as Showable, 'win32', true).actions).toBeUndefined()
  })

  it('a click opens the alert; the Acknowledge action acknowledges it; critical flashes', () => {
    const { n, calls } = notifier()
    expect(n.apply(notice('critical'))).toBe(true)
    const shown = electron.Notification.shown[0]!
    expect(shown.options).toMatchObject({ title: 'Critical: Trunk down', icon: '/icons/icon.png' })
    expect(calls).toEqual(['flash'])
    shown.emit('click')
    expect(calls).toEqual(['flash', `open ${ID}`])
    expect(n.active.size).toBe(0)
    n.apply(notice('warning'))
    electron.Notification.shown[1]!.emit('action', {}, 0)
    expect(calls.at(-1)).toBe(`ack ${ID}`)
  })

  it('replaces the notification of an escalated alert and does nothing where unsupported', () => {
    const { n } = notifier()
    n.apply(notice('warning'))
    n.apply(notice('critical', 'escalated'))
    expect(electron.Notification.shown[0]!.closed).toBe(true)
    expect([...n.active.values()]).toEqual([electron.Notification.shown[1]])
    electron.Notification.supported = false
    expect(n.apply(notice('critical'))).toBe(false)
  })

  it('closes the notification of a withdrawn alert, and shows nothing for in-app-only routing', () => {
    const { n } = notifier()
    n.apply(notice('critical'))
    n.apply({ type: 'withdraw', alertId: ID, tag: `alert:${ID}` })
    expect(electron.Notification.shown[0]!.closed).toBe(true)
    expect(n.active.size).toBe(0)
    expect(n.apply({ ...(notice('info') as Showable), delivery: QUIET })).toBe(false)
    expect(electron.Notification.shown).toHaveLength(1)
  })
})

describe('desktop alerts wiring (the shared policy, the notifier and the fake electron module)', () => {
  function desktop(options: Partial<AlertPolicyOptions> = {}) {
    const clock = new ManualClock()
    let sink: ViewSink | null = null
    let n = 0
    const alert = (p: Partial<Alert> = {}): Alert =>
      ({
        id: `6f9a1d2e-0000-4000-8000-${String(++n).padStart(12, '0')}`,
        status: 'open',
        severity: 'critical',
        title: `Alert ${n}`,
        body: '',
        escalated_at: null,
        raised_at: new Date(clock.now()).toISOString(),
        ...p,
      }) as Alert
    const batch = (...rows: Alert[]): DeltaBatch => ({
      deltas: rows.map((row) => ({ kind: 'upsert', table: 'alerts', id: row.id, row })),
    })
    const before = alert({ title: 'before start' })
    const engine = {
      attachView: (s: ViewSink) => {
        sink = s
        s.send({ ...batch(before), frame: { id: 1, kind: 'snapshot', first: true, last: true } })
        return { id: 1, resume: () => undefined, close: () => (sink = null) }
      },
    }
    const { n: notes, calls } = notifier()
    const states: number[] = []
    const flags = { enabled: true }
    const policy = new AlertPolicy({ clock, ...options })
    const stop = startDesktopAlerts({
      engine,
      policy,
      clock,
      apply: (c) => notes.apply(c),
      enabled: () => flags.enabled,
      onState: (s) => states.push(s.unread),
    })
    return {
      clock,
      alert,
      batch,
      send: (b: DeltaBatch) => sink!.send(b),
      before,
      notes,
      calls,
      states,
      flags,
      stop,
      isOpen: () => sink !== null,
    }
  }
  const shownTitles = () => electron.Notification.shown.map((x) => x.options.title)

  it('ignores the snapshot of its view (alerts from before the start), notifies what follows, keeps the tray in step', () => {
    const d = desktop()
    d.send(d.batch(d.alert({ title: 'new' })))
    d.flags.enabled = false
    d.send(d.batch(d.alert({ title: 'quiet' })))
    expect(shownTitles()).toEqual(['Critical: new'])
    expect(d.states).toEqual([0, 1, 2])
    d.stop()
    expect(d.isOpen()).toBe(false)
  })

  it('a critical alert sounds and flashes once; an ack anywhere closes it; a new raise after a clear notifies again', () => {
    const d = desktop()
    const a = d.alert()
    d.send(d.batch(a))
    d.send(d.batch({ ...a, body: 'still down' }))
    expect(electron.Notification.shown).toHaveLength(1)
    expect(electron.Notification.shown[0]!.options).toMatchObject({ silent: false, timeoutType: 'never' })
    expect(d.calls).toEqual(['flash'])
    d.send(d.batch({ ...a, status: 'acknowledged' }))
    expect(electron.Notification.shown[0]!.closed).toBe(true)
    d.send(d.batch({ ...a, status: 'resolved' }))
    d.send(d.batch({ ...a, status: 'open' }))
    expect(shownTitles()).toEqual(['Critical: Alert 2', 'Critical: Alert 2'])
    d.send(d.batch({ ...a, status: 'open', escalated_at: new Date(d.clock.now()).toISOString() }))
    expect(shownTitles().at(-1)).toBe('Critical (escalated): Alert 2')
    expect(electron.Notification.shown[1]!.closed).toBe(true)
  })

  it('collapses a storm into one counting notification, and after its minute shows alerts singly again', () => {
    const d = desktop({ stormPerMinute: 3 })
    for (let i = 0; i < 20; i++) d.send(d.batch(d.alert({ severity: 'warning' })))
    expect(shownTitles()).toHaveLength(20)
    expect(d.notes.active.size).toBe(4)
    expect(shownTitles().at(-1)).toBe('17 more alerts')
    // Collapsed, not lost: every one of them counts as unread on the tray.
    expect(d.states.at(-1)).toBe(20)
    d.clock.advance(61_000)
    d.send(d.batch(d.alert({ severity: 'warning', title: 'calm' })))
    expect(shownTitles().at(-1)).toBe('Warning: calm')
  })

  it('in quiet hours a critical is shown silently, and the digest goes out when they end', () => {
    // The manual clock starts at 09:00 UTC.
    const d = desktop({ quietHours: { start: '09:00', end: '09:30', zone: 'UTC' } })
    const a = d.alert()
    d.send(d.batch(a))
    expect(electron.Notification.shown[0]!.options).toMatchObject({ silent: true, urgency: 'low' })
    expect(d.calls).toEqual([])
    d.clock.advance(29 * 60_000)
    expect(shownTitles()).toHaveLength(1)
    d.clock.advance(60_000)
    expect(shownTitles()).toEqual(['Critical: Alert 2', '1 alert still open'])
  })
})
