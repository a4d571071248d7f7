// OS notifications for the notices the alert policy decides on. Severity maps to urgency (Linux), sound
// and a sticky toast; a click focuses the console and opens the alert; an Acknowledge button where the OS
// supports notification actions (macOS). Each notification is kept referenced until it closes, because
// a garbage-collected Notification no longer delivers its click.
import type { NotificationConstructorOptions } from 'electron'
import type { AlertNotice } from '../core/alerts'

export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown
  show(): void
  close(): void
}

export interface NotificationClass {
  new (options: NotificationConstructorOptions): NotificationLike
  isSupported(): boolean
}

export interface NotifierOptions {
  Notification: NotificationClass
  platform: NodeJS.Platform
  icon?: string
  /** The user's sound setting; sound is only ever for alerts whose presentation asks for it. */
  soundEnabled(): boolean
  /** Bring the console forward and show this alert. */
  open(alertId: string): void
  acknowledge(alertId: string): void
  /** Flash the taskbar / bounce the dock (critical alerts). */
  flash(): void
}

export interface Notifier {
  /** Shows one notice; false where the OS has no notifications. */
  show(notice: AlertNotice): boolean
  /** Notifications currently on screen, by alert id. */
  readonly active: ReadonlyMap<string, NotificationLike>
  closeAll(): void
}

const SEVERITY_LABEL = { info: 'Info', warning: 'Warning', critical: 'Critical' } as const

export function notificationOptions(
  notice: AlertNotice,
  platform: NodeJS.Platform,
  sound: boolean,
  icon?: string,
): NotificationConstructorOptions {
  const label = SEVERITY_LABEL[notice.severity]
  const options: NotificationConstructorOptions = {
    title:
      notice.reason === 'escalated' ? `${label} (escalated): ${notice.title}` : `${label}: ${notice.title}`,
    body: notice.body,
    silent: !(notice.presentation.sound && sound),
    timeoutType: notice.presentation.sticky ? 'never' : 'default',
  }
  if (icon) options.icon = icon
  if (platform === 'linux') options.urgency = notice.presentation.urgency
  // Electron delivers notification actions on macOS only (Windows needs custom toast XML).
  if (platform === 'darwin') {
    options.actions = [{ type: 'button', text: 'Acknowledge' }]
    options.closeButtonText = 'Dismiss'
  }
  return options
}

export function createNotifier(o: NotifierOptions): Notifier {
  const active = new Map<string, NotificationLike>()
  const show = (notice: AlertNotice): boolean => {
    if (!o.Notification.isSupported()) return false
    const id = notice.alertId
    active.get(id)?.close()
    const n = new o.Notification(notificationOptions(notice, o.platform, o.soundEnabled(), o.icon))
    const forget = () => {
      if (active.get(id) === n) active.delete(id)
    }
    n.on('click', () => {
      forget()
      o.open(id)
    })
    n.on('action', (_event, index) => {
      forget()
      if (index === 0) o.acknowledge(id)
    })
    n.on('close', forget)
    n.on('failed', forget)
    active.set(id, n)
    n.show()
    if (notice.presentation.flash) o.flash()
    return true
  }
  return {
    show,
    active,
    closeAll() {
      for (const n of active.values()) n.close()
      active.clear()
    },
  }
}
