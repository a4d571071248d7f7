// The application menu: the platform's usual roles and shortcuts, a New Window item (every window shares
// the one core and connection), and Help → Open Logs Folder. Developer tools only in development builds.
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  newWindow(): void
  openLogsFolder(): void
  openHelp(): void
}

export function menuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  dev: boolean,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(dev ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        {
          id: 'new-window',
          label: 'New Window',
          accelerator: 'CmdOrCtrl+Shift+N',
          click: () => actions.newWindow(),
        },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: '&View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { id: 'open-logs', label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
        { id: 'help', label: 'Floorwatch Help', click: () => actions.openHelp() },
      ],
    },
  ]
}
