// Every window is created here, hardened: context isolation, sandbox, no Node, no navigation away from our
// own origin, no popups, external links only for validated https URLs.
import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'
import { APP_ENTRY, isAppOrigin } from './app-origin'

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

/** What the page shows: a wall board (`?board=`, read by the renderer; a reload keeps it). */
export interface WindowPage {
  board?: string | null
}

/** The page's address: the app origin (or the dev server), with the board asked for. */
export function pageUrl(devServerUrl: string | null, page: WindowPage = {}): string {
  const url = new URL(devServerUrl ?? APP_ENTRY)
  if (page.board) url.searchParams.set('board', page.board)
  return url.href
}

/** Loads app://floorwatch/index.html, or the dev server's URL in development. */
export function createMainWindow(
  preloadDir: string,
  devServerUrl: string | null,
  placement: WindowPlacement = {},
  page: WindowPage = {},
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
  // Only our own origin (a link within the app) may be navigated to; a link or a redirect anywhere
  // else would put foreign content next to the preload's API.
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (!isAppOrigin(event.url, devServerUrl)) event.preventDefault()
  }
  win.webContents.on('will-navigate', stayHome)
  win.webContents.on('will-redirect', stayHome)
  // The console has no <webview>; refusing one keeps a compromised renderer from making its own.
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url)
    if (safe) void shell.openExternal(safe)
    return { action: 'deny' }
  })
  void win.loadURL(page.board ? pageUrl(devServerUrl, page) : (devServerUrl ?? APP_ENTRY))
  return win
}
