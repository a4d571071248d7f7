// Every window is created here, hardened: context isolation, sandbox, no Node, no navigation, no popups,
// external links only for validated https URLs.
import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'

export function safeExternalUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password
      ? url.href
      : null
  } catch {
    return null
  }
}

/** Where and how the window opens (the window-state placement, --kiosk). */
export interface WindowPlacement {
  x?: number
  y?: number
  width?: number
  height?: number
  kiosk?: boolean
}

export function createMainWindow(
  preloadDir: string,
  rendererUrl: string | null,
  rendererFile: string,
  placement: WindowPlacement = {},
): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    ...placement,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Floorwatch',
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      // A middle click would otherwise open a window without passing setWindowOpenHandler's intent.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.on('will-redirect', (event) => event.preventDefault())
  // The console has no <webview>; refusing one keeps a compromised renderer from making its own.
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url)
    if (safe) void shell.openExternal(safe)
    return { action: 'deny' }
  })
  if (rendererUrl) void win.loadURL(rendererUrl)
  else void win.loadFile(rendererFile)
  return win
}
