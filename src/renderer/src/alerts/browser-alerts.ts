// The headless console's side of alerting (a browser has no Electron main process to notify for it): the
// shared notification policy judges every batch, and this module carries its commands out — an in-app banner,
// a title badge "(N) …", and a browser Notification when the user allowed them (asked once, from a click).
// A withdrawal (an ack anywhere) closes the notification and the banner. Electron's renderer never runs it.
import { createStore } from 'zustand/vanilla'
import type { RendererApi } from '../../../shared/contract'
import { FrameAssembler } from '../../../shared/domain/delta'
import { NotificationPolicy, type NotifyCommand } from '../../../shared/alerts/notification-policy'
import { nextTickDelay } from '../../../shared/alerts/quiet-hours'
import { preferencesStore, switchUser } from './preferences'

export interface Banner {
  tag: string
  alertId: string | null
  severity: 'info' | 'warning' | 'critical'
  title: string
  body: string
}

export interface BannerState {
  banners: Banner[]
  /** 'default' until asked; the prompt is shown only then. */
  permission: NotificationPermission | 'unsupported'
}

export const bannerStore = createStore<BannerState>(() => ({ banners: [], permission: 'unsupported' }))

const ASKED_KEY = 'floorwatch.notifications.asked'

/** Asks for notification permission; call it from a click (browsers ignore requests without a gesture). */
export async function askPermission(storage: Pick<Storage, 'setItem'>): Promise<void> {
  if (typeof Notification === 'undefined') return
  storage.setItem(ASKED_KEY, '1')
  const permission = await Notification.requestPermission()
  bannerStore.setState({ permission })
}

export function dismissBanner(tag: string): void {
  bannerStore.setState((s) => ({ banners: s.banners.filter((b) => b.tag !== tag) }))
}

export function startBrowserAlerts(api: RendererApi, storage: Storage, serverNow = () => Date.now()) {
  // Each signed-in user's own preferences, applied as soon as they are known or changed.
  const follow = (userId: string | null) => switchUser(storage, userId)
  const offSession = api.onSession((s) => follow(s.user?.id ?? null))
  void api.getSession().then((r) => r.ok && follow(r.data.user?.id ?? null))
  const policy = new NotificationPolicy({ now: serverNow, preferences: preferencesStore.getState().prefs })
  const offPrefs = preferencesStore.subscribe((p) =>
    policy.setPreferences({ routing: p.prefs.routing, quietHours: p.prefs.quietHours ?? null }),
  )
  const shown = new Map<string, Notification>()
  const baseTitle = document.title
  const supported = typeof Notification !== 'undefined'
  const asked = storage.getItem(ASKED_KEY) === '1'
  bannerStore.setState({
    permission: !supported
      ? 'unsupported'
      : asked && Notification.permission === 'default'
        ? 'denied'
        : Notification.permission,
  })
  const apply = (cmds: NotifyCommand[]) => {
    for (const cmd of cmds) carryOut(cmd, shown)
    const n = bannerStore.getState().banners.length
    document.title = n > 0 ? `(${n}) ${baseTitle}` : baseTitle
  }
  const frames = new FrameAssembler()
  const off = api.onBatch((received) => {
    const batch = frames.push(received)
    if (batch) apply(policy.observe(batch))
  })
  // Storms end and quiet hours end on the clock, not on a batch.
  let timer: ReturnType<typeof setTimeout> | undefined
  const schedule = () => {
    const wait = nextTickDelay(serverNow(), preferencesStore.getState().prefs.quietHours)
    timer = setTimeout(() => {
      apply(policy.tick())
      schedule()
    }, wait)
  }
  schedule()
  return () => {
    off()
    offSession()
    offPrefs()
    clearTimeout(timer)
    for (const n of shown.values()) n.close()
    bannerStore.setState({ banners: [] })
    document.title = baseTitle
  }
}

function carryOut(cmd: NotifyCommand, shown: Map<string, Notification>): void {
  if (cmd.type === 'withdraw') {
    shown.get(cmd.tag)?.close()
    shown.delete(cmd.tag)
    dismissBanner(cmd.tag)
    return
  }
  const alertId = cmd.type === 'show' ? cmd.alertId : null
  if (cmd.delivery.banner) {
    const banner: Banner = {
      tag: cmd.tag,
      alertId,
      severity: cmd.type === 'digest' ? 'info' : cmd.severity,
      title: cmd.title,
      body: cmd.body,
    }
    bannerStore.setState((s) => ({ banners: [banner, ...s.banners.filter((b) => b.tag !== cmd.tag)] }))
  }
  if (!cmd.delivery.native || typeof Notification === 'undefined' || Notification.permission !== 'granted')
    return
  shown.get(cmd.tag)?.close()
  const n = new Notification(cmd.title, {
    body: cmd.body,
    tag: cmd.tag,
    silent: !cmd.delivery.sound,
    requireInteraction: cmd.type !== 'summary' && cmd.delivery.sound,
  })
  n.onclick = () => window.focus()
  shown.set(cmd.tag, n)
}
