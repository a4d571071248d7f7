// A fake `electron` module for unit tests of the thin adapters (the binary cannot run here). It records
// what the adapters ask of Electron and lets a test fire the events Electron would.
type Listener = (...args: unknown[]) => unknown

export const openedExternally: string[] = []
export const shell = {
  openExternal: async (url: string) => void openedExternally.push(url),
}

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, fn: Listener) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, fn)
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel)
  },
}

class FakeWebContents {
  listeners = new Map<string, Listener[]>()
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  sent: { channel: string; payload: unknown }[] = []
  destroyed = false
  on(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn])
    return this
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(event) ?? []) fn(...args)
  }
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload })
  }
  isDestroyed() {
    return this.destroyed
  }
}

export class BrowserWindow {
  static created: BrowserWindow[] = []
  webContents = new FakeWebContents()
  loaded: { url?: string; file?: string } = {}
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    BrowserWindow.created.push(this)
  }
  once() {
    return this
  }
  show() {}
  async loadURL(url: string) {
    this.loaded.url = url
  }
  async loadFile(file: string) {
    this.loaded.file = file
  }
}

export const app = { getVersion: () => '0.0.0-test', getPath: () => '/tmp' }
export default { shell, ipcMain, BrowserWindow, app }
