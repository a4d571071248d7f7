// The headless console's alerting (a browser page has no Electron main process to notify for it): the shared
// notification policy turns a live critical alert into an in-app banner, a title badge and a browser
// Notification; nothing in a snapshot is news; an acknowledgement on any console withdraws all three; the
// permission is asked only from the user's click.
import { act, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startBrowserAlerts } from '../../src/renderer/src/alerts/browser-alerts'
import { preferencesStore } from '../../src/renderer/src/alerts/preferences'
import { alert, up } from './fixtures'
import { renderApp, type Harness } from './support'

class FakeNotification {
  static permission: NotificationPermission = 'granted'
  static requests = 0
  static made: FakeNotification[] = []
  static async requestPermission(): Promise<NotificationPermission> {
    FakeNotification.requests++
    FakeNotification.permission = 'granted'
    return 'granted'
  }
  closed = false
  onclick: (() => void) | null = null
  constructor(
    readonly title: string,
    readonly options: NotificationOptions & { requireInteraction?: boolean },
  ) {
    FakeNotification.made.push(this)
  }
  close() {
    this.closed = true
  }
}

let stop: (() => void) | undefined
beforeEach(() => {
  Object.assign(globalThis, { Notification: FakeNotification })
  FakeNotification.permission = 'granted'
  FakeNotification.requests = 0
  FakeNotification.made = []
  window.localStorage.clear()
  preferencesStore.setState({ userId: null, prefs: {} })
  document.title = 'Floorwatch'
})
afterEach(() => {
  stop?.()
  stop = undefined
  delete (globalThis as { Notification?: unknown }).Notification
})

async function headless(): Promise<Harness> {
  const h = await renderApp()
  stop = startBrowserAlerts(h.api, window.localStorage)
  return h
}

describe('alerts in the headless console', () => {
  it('a live critical alert shows a banner, badges the title and fires a browser Notification', async () => {
    const h = await headless()
    const existing = alert({ title: 'Old trunk alarm' })
    await h.batch([up('alerts', existing)], 'snapshot')
    await h.batch([up('alerts', alert({ title: 'Caught up while away' }))], 'resync')
    expect(screen.queryByRole('region', { name: 'New alerts' })).toBeNull()
    expect(document.title).toBe('Floorwatch')
    expect(FakeNotification.made).toEqual([])

    const a = alert({ title: 'SIP trunk is down', raised_at: new Date().toISOString() })
    await h.batch([up('alerts', a)])
    const banners = screen.getByRole('region', { name: 'New alerts' })
    expect(within(banners).getByRole('alert').textContent).toContain('SIP trunk is down')
    expect(document.title).toBe('(1) Floorwatch')
    expect(FakeNotification.made.map((n) => n.title)).toEqual(['SIP trunk is down'])
    expect(FakeNotification.made[0]!.options).toMatchObject({ silent: false, requireInteraction: true })

    // The same raise again (another field changed) is not news.
    await h.batch([up('alerts', { ...a, body: 'Still down', seq: a.seq + 1 })])
    expect(FakeNotification.made).toHaveLength(1)

    // Acknowledged on another console: banner, badge and notification go.
    await h.batch([up('alerts', { ...a, status: 'acknowledged', seq: a.seq + 2 })])
    expect(screen.queryByRole('region', { name: 'New alerts' })).toBeNull()
    expect(document.title).toBe('Floorwatch')
    expect(FakeNotification.made[0]!.closed).toBe(true)
  })

  it('acknowledges from the banner', async () => {
    const h = await headless()
    const a = alert({ title: 'SIP trunk is down', raised_at: new Date().toISOString() })
    await h.batch([up('alerts', a)])
    const banner = within(screen.getByRole('region', { name: 'New alerts' })).getByRole('alert')
    fireEvent.click(within(banner).getByRole('button', { name: 'Acknowledge' }))
    await h.flush()
    expect(h.api.alertActions).toMatchObject([{ alertId: a.id, kind: 'ack' }])
  })

  it('asks for notification permission only from a click, and only once', async () => {
    FakeNotification.permission = 'default'
    const h = await headless()
    expect(FakeNotification.requests).toBe(0)
    const offer = screen.getByRole('button', { name: 'Turn on notifications' })
    await act(async () => fireEvent.click(offer))
    expect(FakeNotification.requests).toBe(1)
    expect(screen.queryByRole('button', { name: 'Turn on notifications' })).toBeNull()
    await h.batch([up('alerts', alert({ title: 'Now allowed', raised_at: new Date().toISOString() }))])
    expect(FakeNotification.made.map((n) => n.title)).toEqual(['Now allowed'])
  })

  it('a warning notifies without a banner; an info alert stays in the list', async () => {
    const h = await headless()
    await h.batch([
      up(
        'alerts',
        alert({ severity: 'warning', title: 'Queue rising', raised_at: new Date().toISOString() }),
      ),
      up('alerts', alert({ severity: 'info', title: 'FYI', raised_at: new Date().toISOString() })),
    ])
    expect(FakeNotification.made.map((n) => [n.title, n.options.silent])).toEqual([['Queue rising', true]])
    expect(screen.queryByRole('region', { name: 'New alerts' })).toBeNull()
    expect(document.title).toBe('Floorwatch')
  })

  it("follows the user's preferences: routing per severity and quiet hours, saved per user", async () => {
    const h = await headless()
    fireEvent.keyDown(window, { key: '9' })
    await h.flush()
    const form = screen.getByRole('form', { name: 'Notification preferences' })
    fireEvent.change(within(form).getByLabelText('Warning alerts'), { target: { value: 'list' } })
    fireEvent.click(within(form).getByLabelText(/^Quiet hours/))
    fireEvent.change(within(form).getByLabelText('Time zone'), { target: { value: 'Mars/Olympus' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    expect(within(form).getByRole('alert').textContent).toContain(
      '"Mars/Olympus" is not a time zone this system knows',
    )
    // Quiet now: from an hour ago to an hour ahead, in UTC.
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16)
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: hhmm(Date.now() - 3.6e6) } })
    fireEvent.change(within(form).getByLabelText('Until'), { target: { value: hhmm(Date.now() + 3.6e6) } })
    fireEvent.change(within(form).getByLabelText('Time zone'), { target: { value: 'UTC' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    expect(within(form).getByRole('status').textContent).toBe('Saved for this browser.')
    expect(JSON.parse(window.localStorage.getItem('floorwatch.notifications:u1')!)).toMatchObject({
      quietHours: { zone: 'UTC' },
      routing: { warning: { native: false, banner: false } },
    })

    const now = new Date().toISOString()
    await h.batch([
      up('alerts', alert({ severity: 'warning', title: 'Queue rising', raised_at: now })),
      up('alerts', alert({ severity: 'critical', title: 'Trunk down at night', raised_at: now })),
    ])
    // The warning stays in the list; the critical is not hidden, but shown without a notification.
    expect(FakeNotification.made).toEqual([])
    const banners = screen.getByRole('region', { name: 'New alerts' })
    expect(
      within(banners)
        .getAllByRole('alert')
        .map((b) => b.textContent),
    ).toEqual([expect.stringContaining('Trunk down at night')])
  })
})
