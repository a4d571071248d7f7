// The Electron adapters against a fake `electron` module: IPC refuses foreign senders and payloads that
// fail their schema; windows are hardened, load app://floorwatch, deny navigation elsewhere and popups;
// openExternal takes only https.
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../fakes/electron'))

const electron = await import('../fakes/electron')
const { registerHandlers, dispatch, emit, isTrustedSender } = await import('../../src/main/electron/ipc')
const { createMainWindow, safeExternalUrl } = await import('../../src/main/electron/windows')
const { createHandlers } = await import('../../src/main/core/api')
const { FakeConsole } = await import('../../src/main/core/api.testing')

const APP_FRAME = 'app://floorwatch/index.html'
const ALERT = '6f9a1d2e-0000-4000-8000-000000000001'
const EVENT = '6f9a1d2e-0000-4000-8000-0000000000e1'

function handlers() {
  const engine = new FakeConsole()
  const info = () => ({
    version: '1',
    shell: 'electron' as const,
    backend: { url: 'x', demo: true },
    readOnly: false,
  })
  return { engine, handlers: createHandlers(engine, info) }
}

describe('IPC sender validation', () => {
  it.each([
    [APP_FRAME, true],
    ['app://floorwatch/', true],
    ['app://floorwatch/index.html#/alerts', true],
    // file:// shares its origin with every file on disk: no longer trusted, not even our own build.
    ['file:///opt/Floorwatch/resources/app.asar/out/renderer/index.html', false],
    ['file:///tmp/evil/index.html', false],
    ['app://floorwatch.evil/index.html', false],
    ['app://evil/floorwatch/index.html', false],
    ['app://evil.com/?app://floorwatch', false],
    ['app://floorwatch:8080/index.html', false],
    ['app://user@floorwatch/index.html', false],
    ['apps://floorwatch/index.html', false],
    ['https://floorwatch/index.html', false],
    ['https://example.com/renderer/index.html', false],
    ['http://localhost:5173/', false],
    ['not a url', false],
    ['', false],
    [undefined, false],
  ])('%s → trusted %s', (url, trusted) => {
    expect(isTrustedSender(url)).toBe(trusted)
  })

  it('trusts the dev server only by exact origin, next to the app origin', () => {
    const dev = 'http://localhost:5173'
    expect(isTrustedSender('http://localhost:5173/index.html', dev)).toBe(true)
    expect(isTrustedSender(APP_FRAME, dev)).toBe(true)
    expect(isTrustedSender('http://localhost:5174/', dev)).toBe(false)
    expect(isTrustedSender('https://localhost:5173/', dev)).toBe(false)
    expect(isTrustedSender('http://localhost.evil.com:5173/', dev)).toBe(false)
    expect(isTrustedSender('file:///tmp/index.html', dev)).toBe(false)
    // Opaque origins are all "null": they must not match one another.
    expect(isTrustedSender('data:text/html,hi', 'about:blank')).toBe(false)
  })
})

describe('IPC dispatch', () => {
  it('refuses a foreign frame before looking at the payload', async () => {
    const { engine, handlers: h } = handlers()
    const r = await dispatch(h, 'alert:act', 'https://evil.example/', {
      alertId: ALERT,
      kind: 'ack',
      clientEventId: EVENT,
    })
    expect(r).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused' },
    })
    expect(engine.actions).toEqual([])
  })

  it.each([
    [null, 'alert action: expected an object'],
    ['ack', 'alert action: expected an object'],
    [[ALERT], 'alert action: expected an object'],
    [{ alertId: ALERT, kind: 'ack' }, 'alert action: clientEventId must be a UUID'],
    [
      { alertId: "1'; drop table alerts; --", kind: 'ack', clientEventId: EVENT },
      'alert action: alertId must be a UUID',
    ],
    [
      { alertId: ALERT, kind: 'delete', clientEventId: EVENT },
      'alert action: kind must be one of ack, snooze, resolve, note, reopen',
    ],
    [
      { alertId: ALERT, kind: 'snooze', clientEventId: EVENT },
      'alert action: snooze needs snoozeUntil, an ISO date-time',
    ],
    [
      { alertId: ALERT, kind: 'ack', clientEventId: EVENT, snoozeUntil: '2030-01-01T00:00:00Z' },
      'alert action: snoozeUntil is only for snooze',
    ],
    [
      { alertId: ALERT, kind: 'note', clientEventId: EVENT, comment: 'x'.repeat(2001) },
      'alert action: comment must be text of at most 2000 characters',
    ],
    [
      { alertId: ALERT, kind: 'ack', clientEventId: EVENT, __proto__: { admin: true }, role: 'service_role' },
      'alert action: unexpected field role',
    ],
  ])('refuses hostile payload %#', async (payload, message) => {
    const { engine, handlers: h } = handlers()
    expect(await dispatch(h, 'alert:act', APP_FRAME, payload)).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message },
    })
    expect(engine.actions).toEqual([])
  })

  it('passes a valid payload through and wraps the answer in a Result', async () => {
    const { engine, handlers: h } = handlers()
    const action = {
      alertId: ALERT,
      kind: 'snooze',
      clientEventId: EVENT,
      snoozeUntil: '2030-01-01T00:00:00Z',
    }
    expect(await dispatch(h, 'alert:act', APP_FRAME, action)).toEqual({
      ok: true,
      data: { status: 'sent' },
    })
    expect(engine.actions).toEqual([action])
    expect(await dispatch(h, 'app:info', APP_FRAME, undefined)).toMatchObject({
      ok: true,
      data: { shell: 'electron' },
    })
  })

  it('registers one handler per contract key and removes them all', () => {
    const { handlers: h } = handlers()
    const off = registerHandlers(h)
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      [
        'alert:act',
        'app:info',
        'diagnostics:get',
        'health:get',
        'outbox:get',
        'rules:update',
        'session:get',
        'settings:get',
        'settings:connect',
        'session:signIn',
        'session:signOut',
        'session:switchOrg',
        'wall:announce',
        'walls:list',
        'walls:create',
        'walls:revoke',
        'walls:command',
      ].sort(),
    )
    off()
    expect(electron.ipcMain.handlers.size).toBe(0)
  })

  it('never sends to a destroyed window', () => {
    const win = new electron.BrowserWindow({})
    expect(emit(win.webContents as never, 'app:notice', { level: 'info', message: 'hi' })).toBe(true)
    win.webContents.destroyed = true
    expect(emit(win.webContents as never, 'app:notice', { level: 'info', message: 'hi' })).toBe(false)
    expect(win.webContents.sent).toHaveLength(1)
  })
})

describe('windows', () => {
  beforeEach(() => {
    electron.BrowserWindow.created.length = 0
    electron.openedExternally.length = 0
  })

  it('creates windows with isolation, sandbox and no Node', () => {
    createMainWindow('/app/out/preload', null)
    const prefs = electron.BrowserWindow.created[0]!.options.webPreferences!
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })

  it('loads the app origin, or the dev server in development, never a file', () => {
    createMainWindow('/p', null)
    createMainWindow('/p', 'http://localhost:5173/')
    const [prod, dev] = electron.BrowserWindow.created
    expect(prod!.loaded).toEqual({ url: 'app://floorwatch/index.html' })
    expect(dev!.loaded).toEqual({ url: 'http://localhost:5173/' })
  })

  it('opens a wall on its board (--board), which a reload keeps since it is the page’s address', () => {
    createMainWindow('/p', null, {}, { board: 'Main floor & lobby' })
    createMainWindow('/p', 'http://localhost:5173/', {}, { board: 'Main floor' })
    const [prod, dev] = electron.BrowserWindow.created
    expect(prod!.loaded.url).toBe('app://floorwatch/index.html?board=Main+floor+%26+lobby')
    expect(new URL(prod!.loaded.url!).searchParams.get('board')).toBe('Main floor & lobby')
    expect(dev!.loaded.url).toBe('http://localhost:5173/?board=Main+floor')
  })

  function navigate(wc: { emit(event: string, ...args: unknown[]): void }, event: string, url: string) {
    const e = {
      url,
      prevented: false,
      preventDefault() {
        this.prevented = true
      },
    }
    wc.emit(event, e, url)
    return e.prevented
  }

  it.each(['will-navigate', 'will-redirect'])('%s: prevented for anything but our own origin', (event) => {
    createMainWindow('/p', null)
    const wc = electron.BrowserWindow.created[0]!.webContents
    expect(navigate(wc, event, 'app://floorwatch/index.html')).toBe(false)
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'file:///opt/Floorwatch/resources/app.asar/out/renderer/index.html',
      'app://floorwatch.evil/index.html',
      'http://localhost:5173/',
      'javascript:alert(1)',
    ]) {
      expect(navigate(wc, event, url)).toBe(true)
    }
  })

  it('in development, also lets the dev server origin through', () => {
    createMainWindow('/p', 'http://localhost:5173')
    const wc = electron.BrowserWindow.created[0]!.webContents
    expect(navigate(wc, 'will-navigate', 'http://localhost:5173/#/alerts')).toBe(false)
    expect(navigate(wc, 'will-navigate', 'http://localhost:5174/')).toBe(true)
  })

  it('denies new windows; only https goes to the browser', () => {
    createMainWindow('/p', null)
    const wc = electron.BrowserWindow.created[0]!.webContents
    for (const url of [
      'https://docs.floorwatch.app/help',
      'http://plain.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@host/',
    ]) {
      expect(wc.windowOpenHandler!({ url })).toEqual({ action: 'deny' })
    }
    expect(electron.openedExternally).toEqual(['https://docs.floorwatch.app/help'])
  })

  it.each([
    ['https://example.com/a?b=c', 'https://example.com/a?b=c'],
    ['HTTPS://EXAMPLE.COM', 'https://example.com/'],
    ['http://example.com', null],
    ['smb://share/x', null],
    ['https://user:pw@example.com', null],
    [' javascript:alert(1)', null],
    [42, null],
  ])('safeExternalUrl(%s) = %s', (input, expected) => {
    expect(safeExternalUrl(input)).toBe(expected)
  })
})
