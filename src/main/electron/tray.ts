// The tray: the unread count (tooltip, macOS title, app badge), and a menu to show the console, mute
// notifications for 15 minutes or an hour, and quit.
import type { MenuItemConstructorOptions, NativeImage } from 'electron'
import { MUTE_15_MIN, MUTE_1_HOUR, type AlertPolicyState } from '../core/alerts'

export interface TrayActions {
  show(): void
  mute(durationMs: number): void
  unmute(): void
  quit(): void
}

export interface TrayLike {
  setToolTip(text: string): void
  setTitle(title: string): void
  setContextMenu(menu: unknown): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

export interface TrayDeps {
  createTray(icon: NativeImage | string): TrayLike
  buildMenu(template: MenuItemConstructorOptions[]): unknown
  /** app.setBadgeCount: true where the platform shows it (macOS, Linux Unity launchers). */
  setBadgeCount(count: number): boolean
  icon: NativeImage | string
  actions: TrayActions
  /** Formats a time of day for "muted until". */
  timeOfDay(epochMs: number): string
}

export function unreadLabel(unread: number): string {
  if (unread === 0) return 'No unread alerts'
  return unread === 1 ? '1 unread alert' : `${unread} unread alerts`
}

export function trayTooltip(state: AlertPolicyState, timeOfDay: (ms: number) => string): string {
  const muted = state.mutedUntil === null ? '' : ` · muted until ${timeOfDay(state.mutedUntil)}`
  return `Floorwatch — ${unreadLabel(state.unread)}${muted}`
}

export function trayMenuTemplate(
  state: AlertPolicyState,
  actions: TrayActions,
  timeOfDay: (ms: number) => string,
): MenuItemConstructorOptions[] {
  const mute: MenuItemConstructorOptions[] = [
    { id: 'mute-15', label: 'Mute for 15 minutes', click: () => actions.mute(MUTE_15_MIN) },
    { id: 'mute-60', label: 'Mute for 1 hour', click: () => actions.mute(MUTE_1_HOUR) },
  ]
  if (state.mutedUntil !== null) {
    const label = `Unmute (muted until ${timeOfDay(state.mutedUntil)})`
    mute.unshift({ id: 'unmute', label, click: () => actions.unmute() })
  }
  return [
    { id: 'unread', label: unreadLabel(state.unread), enabled: false },
    { id: 'show', label: 'Show Floorwatch', click: () => actions.show() },
    { type: 'separator' },
    ...mute,
    { type: 'separator' },
    { id: 'quit', label: 'Quit Floorwatch', click: () => actions.quit() },
  ]
}

export interface AppTray {
  update(state: AlertPolicyState): void
  destroy(): void
}

export function createAppTray(d: TrayDeps): AppTray {
  const tray = d.createTray(d.icon)
  tray.on('click', () => d.actions.show())
  const update = (state: AlertPolicyState) => {
    tray.setToolTip(trayTooltip(state, d.timeOfDay))
    tray.setTitle(state.unread > 0 ? String(state.unread) : '')
    tray.setContextMenu(d.buildMenu(trayMenuTemplate(state, d.actions, d.timeOfDay)))
    d.setBadgeCount(state.unread)
  }
  update({ unread: 0, mutedUntil: null })
  return { update, destroy: () => tray.destroy() }
}
