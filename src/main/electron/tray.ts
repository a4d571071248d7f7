// The tray: the unread count (tooltip, app badge, and on the icon itself: a title beside it on macOS, a
// badge drawn into it on Windows and Linux, whose trays show no title), and a menu to show the console,
// mute notifications for 15 minutes or an hour, and quit.
import type { MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
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
  setImage(image: string): void
  setContextMenu(menu: unknown): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

export interface TrayDeps {
  createTray(icon: string): TrayLike
  buildMenu(template: MenuItemConstructorOptions[]): unknown
  /** app.setBadgeCount: true where the platform shows it (macOS, Linux Unity launchers). */
  setBadgeCount(count: number): boolean
  /** Holds tray.png, tray-1.png … tray-9.png and tray-9plus.png, each with its @2x twin. */
  iconDir: string
  platform: NodeJS.Platform
  actions: TrayActions
  /** Formats a time of day for "muted until". */
  timeOfDay(epochMs: number): string
}

/** The counts drawn on the icon; anything above reads "9+". */
export const TRAY_BADGE_MAX = 9

/** The icon file for an unread count (Windows and Linux). Electron picks the @2x twin on HiDPI itself. */
export function trayIconFile(unread: number): string {
  if (unread <= 0) return 'tray.png'
  return unread > TRAY_BADGE_MAX ? `tray-${TRAY_BADGE_MAX}plus.png` : `tray-${Math.floor(unread)}.png`
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
  let iconFile = trayIconFile(0)
  const tray = d.createTray(join(d.iconDir, iconFile))
  tray.on('click', () => d.actions.show())
  const showCount = (unread: number) => {
    if (d.platform === 'darwin') return tray.setTitle(unread > 0 ? String(unread) : '')
    const next = trayIconFile(unread)
    // Only on a change: some Linux trays redraw (and flicker) on every setImage.
    if (next === iconFile) return
    iconFile = next
    tray.setImage(join(d.iconDir, next))
  }
  const update = (state: AlertPolicyState) => {
    tray.setToolTip(trayTooltip(state, d.timeOfDay))
    showCount(state.unread)
    tray.setContextMenu(d.buildMenu(trayMenuTemplate(state, d.actions, d.timeOfDay)))
    d.setBadgeCount(state.unread)
  }
  update({ unread: 0, mutedUntil: null })
  return { update, destroy: () => tray.destroy() }
}
