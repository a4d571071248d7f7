// A fake `electron` module for unit tests of the thin adapters (the binary cannot run here). It records
// what the adapters ask of Electron and lets a test fire the events Electron would.
import { PassThrough } from 'node:stream'

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

/** A listener as the adapters declare it (typed arguments); the fake calls it with what Electron would pass. */
type TypedListener = (...args: never[]) => unknown

class FakeWebContents {
  listeners = new Map<string, Listener[]>()
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  sent: { channel: string; payload: unknown }[] = []
  destroyed = false
  on(event: string, listener: TypedListener) {
    const fn = listener as Listener
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn])
    return this
  }
  emit(event: string, ...args: unknown[]) {
    const all = this.listeners.get(event) ?? []
    this.listeners.set(
      event,
      all.filter((fn) => !this.onceOnly.has(fn)),
    )
    for (const fn of all) fn(...args)
  }
  private readonly onceOnly = new Set<Listener>()
  once(event: string, listener: TypedListener) {
    this.onceOnly.add(listener as Listener)
    return this.on(event, listener)
  }
  reloads = 0
  /** The URL the page shows: a reload keeps it (a wall comes back on its board). */
  url = ''
  loading = false
  /** While true, the page's main thread is stuck: scripts main asks it to run are never answered. */
  stuck = false
  private unanswered: (() => void)[] = []
  reload() {
    this.reloads++
    this.stuck = false
    this.unanswered = []
  }
  isLoading() {
    return this.loading
  }
  getURL() {
    return this.url
  }
  /** Answers on a later turn, as the renderer would; never while stuck (answered once unstuck). */
  executeJavaScript(_code: string): Promise<unknown> {
    return new Promise((resolve) => {
      const answer = () => resolve(0)
      if (this.stuck) this.unanswered.push(answer)
      else queueMicrotask(answer)
    })
  }
  /** The stuck page finishes its long task: every question waiting is answered. */
  unstick() {
    this.stuck = false
    for (const answer of this.unanswered.splice(0)) answer()
  }
  crashes = 0
  /** Ends the renderer process: Electron then reports it gone ('killed'). */
  forcefullyCrashRenderer() {
    this.crashes++
    this.unanswered = []
    this.emit('render-process-gone', {}, { reason: 'killed' })
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
  getOSProcessId() {
    return 4242
  }
}

export class BrowserWindow {
  static created: BrowserWindow[] = []
  static getAllWindows() {
    return BrowserWindow.created.filter((w) => !w.closed)
  }
  webContents = new FakeWebContents()
  loaded: { url?: string; file?: string } = {}
  private readonly events = new FakeWebContents()
  closed = false
  kiosk = false
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    BrowserWindow.created.push(this)
  }
  on(event: string, listener: TypedListener) {
    this.events.on(event, listener)
    return this
  }
  once(event: string, listener: TypedListener) {
    this.events.once(event, listener)
    return this
  }
  /** Fires a window event ('closed', 'ready-to-show' …) as Electron would. */
  emit(event: string, ...args: unknown[]) {
    if (event === 'closed') this.closed = true
    this.events.emit(event, ...args)
  }
  show() {}
  focus() {}
  restore() {}
  maximize() {}
  setFullScreen() {}
  setKiosk(on: boolean) {
    this.kiosk = on
  }
  isMinimized() {
    return false
  }
  isFocused() {
    return true
  }
  flashFrame() {}
  bounds: { x: number; y: number; width: number; height: number } | null = null
  setBounds(b: { x: number; y: number; width: number; height: number }) {
    this.bounds = b
  }
  isDestroyed() {
    return false
  }
  async loadURL(url: string) {
    this.loaded.url = url
    this.webContents.url = url
  }
  async loadFile(file: string) {
    this.loaded.file = file
  }
}

/** The custom-scheme registrations and handlers the adapters make; a test calls a handler like Chromium would. */
export const protocol = {
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]) {
    this.privileged.push(...schemes)
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    if (this.handlers.has(scheme)) throw new Error(`The scheme has been registered: ${scheme}`)
    this.handlers.set(scheme, handler)
  },
  unhandle(scheme: string) {
    this.handlers.delete(scheme)
  },
}

export const app = {
  getVersion: () => '0.0.0-test',
  getPath: () => '/tmp',
  /** Per-process metrics; a test sets the renderer's working set (KB). */
  rendererKb: 200_000,
  getAppMetrics() {
    return [{ pid: 4242, type: 'Tab', memory: { workingSetSize: this.rendererKb } }]
  },
}

// ── Native integration fakes (notifications, tray, menu, safeStorage) ────────────────────────────────
export class Notification {
  static supported = true
  static shown: Notification[] = []
  static isSupported() {
    return Notification.supported
  }
  listeners = new Map<string, Listener[]>()
  closed = false
  constructor(readonly options: Record<string, unknown>) {}
  on(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn])
    return this
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(event) ?? []) fn(...args)
  }
  show() {
    Notification.shown.push(this)
  }
  close() {
    this.closed = true
    this.emit('close')
  }
}

export class Tray {
  tooltip = ''
  title = ''
  /** Every image the tray has shown, the first one given to the constructor. */
  images: unknown[]
  menu: { template: MenuItem[] } | null = null
  listeners = new Map<string, Listener>()
  destroyed = false
  constructor(readonly image: unknown) {
    this.images = [image]
  }
  setImage(image: unknown) {
    this.images.push(image)
  }
  setToolTip(text: string) {
    this.tooltip = text
  }
  setTitle(title: string) {
    this.title = title
  }
  setContextMenu(menu: { template: MenuItem[] }) {
    this.menu = menu
  }
  on(event: string, fn: Listener) {
    this.listeners.set(event, fn)
    return this
  }
  destroy() {
    this.destroyed = true
  }
}

type MenuItem = { id?: string; label?: string; type?: string; enabled?: boolean; click?: () => void }
export const Menu = {
  buildFromTemplate: (template: MenuItem[]) => ({ template }),
}

/** safeStorage with a reversible stand-in cipher; `backend` and `available` are set by each test. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  /** Pretend the key was rotated: the next decrypt asks for re-encryption. */
  rotated: false,
  async isAsyncEncryptionAvailable() {
    return this.available
  },
  async encryptStringAsync(plainText: string) {
    return Buffer.from(`enc:${Buffer.from(plainText).toString('hex')}`)
  },
  async decryptStringAsync(encrypted: Buffer) {
    const text = encrypted.toString()
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided')
    return { result: Buffer.from(text.slice(4), 'hex').toString(), shouldReEncrypt: this.rotated }
  },
  getSelectedStorageBackend() {
    return this.backend
  },
}

// ── utilityProcess: a child whose stdout/stderr the test writes and whose exit it fires ───────────────
export class UtilityProcess {
  stdout: PassThrough | null = new PassThrough()
  stderr: PassThrough | null = new PassThrough()
  kills = 0
  /** The code the process "exits" with after kill(), as Electron reports it on its next turn. */
  killExitCode = 0
  private exitListeners: ((code: number) => void)[] = []
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
  ) {}
  once(event: 'exit', fn: (code: number) => void) {
    if (event === 'exit') this.exitListeners.push(fn)
    return this
  }
  kill() {
    this.kills++
    setImmediate(() => this.exit(this.killExitCode))
    return true
  }
  /** The process ends: Electron fires 'exit' once. */
  exit(code: number) {
    const listeners = this.exitListeners
    this.exitListeners = []
    for (const fn of listeners) fn(code)
  }
}

export const utilityProcess = {
  forked: [] as UtilityProcess[],
  /** Runs on each fork, before it returns: a test prepares the child (e.g. drops its stdout). */
  onFork: null as ((child: UtilityProcess) => void) | null,
  fork(modulePath: string, args: string[], options: Record<string, unknown>) {
    const child = new UtilityProcess(modulePath, args, options)
    this.forked.push(child)
    this.onFork?.(child)
    return child
  },
}

interface FakeDisplay {
  id: number
  bounds: { x: number; y: number; width: number; height: number }
  workArea: { x: number; y: number; width: number; height: number }
}

/** Displays a test plugs in and out; the adapters hear display-added/-removed as from Electron. */
export const screen = {
  displays: [] as FakeDisplay[],
  primaryId: 1,
  listeners: new Map<string, Set<() => void>>(),
  getAllDisplays() {
    return [...this.displays]
  },
  getPrimaryDisplay() {
    return this.displays.find((d) => d.id === this.primaryId)!
  },
  on(event: string, fn: () => void) {
    this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(fn))
    return this
  },
  removeListener(event: string, fn: () => void) {
    this.listeners.get(event)?.delete(fn)
    return this
  },
  plug(d: FakeDisplay) {
    this.displays.push(d)
    for (const fn of this.listeners.get('display-added') ?? []) fn()
  },
  unplug(id: number) {
    this.displays = this.displays.filter((d) => d.id !== id)
    for (const fn of this.listeners.get('display-removed') ?? []) fn()
  },
}

export const powerSaveBlocker = {
  active: new Map<number, string>(),
  next: 1,
  start(type: string) {
    this.active.set(this.next, type)
    return this.next++
  },
  stop(id: number) {
    this.active.delete(id)
  },
  isStarted(id: number) {
    return this.active.has(id)
  },
}

export default {
  shell,
  ipcMain,
  BrowserWindow,
  protocol,
  app,
  Notification,
  Tray,
  Menu,
  safeStorage,
  utilityProcess,
  screen,
  powerSaveBlocker,
}
