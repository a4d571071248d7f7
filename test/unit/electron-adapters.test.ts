// The Electron adapters against a fake `electron` module: IPC refuses foreign senders and payloads that
// fail their schema; windows are hardened, deny navigation and popups; openExternal takes only https.
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../fakes/electron'))

const electron = await import('../fakes/electron')
const { registerHandlers, dispatch, emit, isTrustedSender } = await import('../../src/main/electron/ipc')
const { createMainWindow, safeExternalUrl } = await import('../../src/main/electron/windows')
const { createHandlers } = await import('../../src/main/core/api')
const { FakeEngine } = await import('../../src/main/core/api.testing')

const APP_FRAME = 'file:///opt/Floorwatch/resources/app.asar/out/renderer/index.html'
const ALERT = '6f9a1d2e-0000-4000-8000-000000000001'
const EVENT = '6f9a1d2e-0000-4000-8000-0000000000e1'

function handlers() {
  const engine = new FakeEngine()
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
    ['file:///tmp/evil/index.html', false],
    ['file:///opt/Floorwatch/renderer/index.html.evil', false],
    ['https://example.com/renderer/index.html', false],
    ['http://localhost:5173/', false],
    ['not a url', false],
    [undefined, false],
  ])('%s → trusted %s', (url, trusted) => {
    expect(isTrustedSender(url)).toBe(trusted)
  })

  it('trusts the dev server only by exact origin', () => {
    expect(isTrustedSender('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true)
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedSender('http://localhost.evil.com:5173/', 'http://localhost:5173')).toBe(false)
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
    expect(await dispatch(h, 'alert:act', APP_FRAME, action)).toEqual({ ok: true, data: null })
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
        'session:get',
        'settings:get',
        'settings:connect',
        'session:signIn',
        'session:signOut',
        'session:switchOrg',
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
    createMainWindow('/app/out/preload', null, '/app/out/renderer/index.html')
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

  it('denies navigation and new windows; only https goes to the browser', () => {
    createMainWindow('/p', null, '/r/index.html')
    const wc = electron.BrowserWindow.created[0]!.webContents
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true
      },
    }
    wc.emit('will-navigate', event, 'https://evil.example/')
    expect(event.prevented).toBe(true)
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
