// OS notifications carrying out the shared notification policy's commands (src/shared/alerts). Severity maps
// to urgency (Linux); sound and taskbar flash come from the policy's delivery (critical, outside quiet
// hours), and sound also needs the user's sound setting. A click focuses the console and opens the alert;
// an Acknowledge button where the OS supports notification actions (macOS). A withdrawal (the alert was
// acknowledged, snoozed or resolved on any console) closes the notification. Each notification is kept
// referenced until it closes, because a garbage-collected Notification no longer delivers its click.
import type { NotificationConstructorOptions } from 'electron'
import type { NotifyCommand } from '../../shared/alerts/notification-policy'
import { presentationFor } from '../core/alerts'

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
  /** The user's sound setting; sound is only ever for what the policy's delivery asks to sound. */
  soundEnabled(): boolean
  /** Bring the console forward and show this alert. */
  open(alertId: string): void
  acknowledge(alertId: string): void
  /** Flash the taskbar / bounce the dock (critical alerts). */
  flash(): void
}

type Showable = Exclude<NotifyCommand, { type: 'withdraw' }>

export interface Notifier {
  /** Carries out one policy command; false where nothing could be shown. */
  apply(command: NotifyCommand): boolean
  /** Notifications currently on screen, by tag (`alert:<id>`, `storm`, `digest`). */
  readonly active: ReadonlyMap<string, NotificationLike>
  closeAll(): void
}

const SEVERITY_LABEL = { info: 'Info', warning: 'Warning', critical: 'Critical' } as const

function title(c: Showable): string {
  if (c.type !== 'show') return c.title
  const label = SEVERITY_LABEL[c.severity]
  if (c.reason === 'escalated') return `${label} (escalated): ${c.title}`
  if (c.reason === 'snooze-ended') return `${label} (snooze ended): ${c.title}`
  return `${label}: ${c.title}`
}

export function notificationOptions(
  c: Showable,
  platform: NodeJS.Platform,
  sound: boolean,
  icon?: string,
): NotificationConstructorOptions {
  const severity = c.type === 'digest' ? 'info' : c.severity
  // A banner-only delivery (quiet hours) has no in-app banner on the desktop: a quiet, low notification.
  const presentation = c.delivery.native ? presentationFor(severity) : presentationFor('info')
  const options: NotificationConstructorOptions = {
    title: title(c),
    body: c.body,
    silent: !(c.delivery.sound && sound),
    timeoutType: presentation.sticky ? 'never' : 'default',
  }
  if (icon) options.icon = icon
  if (platform === 'linux') options.urgency = presentation.urgency
  // Electron delivers notification actions on macOS only (Windows needs custom toast XML).
  if (platform === 'darwin' && c.type === 'show') {
    options.actions = [{ type: 'button', text: 'Acknowledge' }]
    options.closeButtonText = 'Dismiss'
  }
  return options
}

export function createNotifier(o: NotifierOptions): Notifier {
  const active = new Map<string, NotificationLike>()
  const show = (c: Showable): boolean => {
    if (!c.delivery.native && !c.delivery.banner) return false
    if (!o.Notification.isSupported()) return false
    const tag = c.tag
    // One notification per tag: an escalation or a storm's growing count replaces the earlier one.
    active.get(tag)?.close()
    const n = new o.Notification(notificationOptions(c, o.platform, o.soundEnabled(), o.icon))
    const forget = () => {
      if (active.get(tag) === n) active.delete(tag)
    }
    const alertId = c.type === 'digest' ? c.alertIds[0] : c.alertId
    n.on('click', () => {
      forget()
      if (alertId) o.open(alertId)
    })
    n.on('action', (_event, index) => {
      forget()
      if (index === 0 && c.type === 'show') o.acknowledge(c.alertId)
    })
    n.on('close', forget)
    n.on('failed', forget)
    active.set(tag, n)
    n.show()
    if (c.delivery.flash) o.flash()
    return true
  }
  return {
    apply(c) {
      if (c.type !== 'withdraw') return show(c)
      const n = active.get(c.tag)
      active.delete(c.tag)
      n?.close()
      return false
    },
    active,
    closeAll() {
      for (const n of active.values()) n.close()
      active.clear()
    },
  }
}
