// Issue 12 items 12–14: what the desktop app takes from its surroundings. The dev server URL only when not
// packaged; every key checked wherever it enters (settings file, environment, Settings → Connect) so a
// service_role key is refused with the reason; kiosk credentials only with the project they were given
// for; Settings → Connect withdrawn in kiosk mode. Pure rules plus the IPC adapter on the fake electron.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Conf from 'conf'

vi.mock('electron', () => import('../fakes/electron'))

const electron = await import('../fakes/electron')
const { registerHandlers } = await import('../../src/main/electron/ipc')
const { createHandlers } = await import('../../src/main/core/api')
const { FakeConsole } = await import('../../src/main/core/api.testing')
const { KIOSK_CONNECT_REFUSAL, kioskHandlers, rendererDevUrl, startupProject } =
  await import('../../src/main/electron/launch-config')
const { openSettingsRepository } = await import('../../src/main/electron/settings-repository')
const { ManualClock } = await import('../../src/main/core/clock.testing')

const jwt = (role: string) => `e30.${Buffer.from(JSON.stringify({ role })).toString('base64url')}.sig`
const ANON = jwt('anon')
const SERVICE = jwt('service_role')
const SAVED = { url: 'https://saved.supabase.co', anonKey: ANON }
const KIOSK_ENV = {
  FLOORWATCH_URL: 'https://wall.supabase.co',
  FLOORWATCH_KEY: ANON,
  FLOORWATCH_EMAIL: 'wall@example.com',
  FLOORWATCH_PASSWORD: 'pw',
}

describe('ELECTRON_RENDERER_URL (item 12)', () => {
  it('is honoured only when the app is not packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' }
    expect(rendererDevUrl(env, false)).toEqual({ url: 'http://localhost:5173', problem: null })
    expect(rendererDevUrl(env, true)).toEqual({
      url: null,
      problem: 'ELECTRON_RENDERER_URL is ignored: this is a packaged app.',
    })
    expect(rendererDevUrl({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, true).url).toBeNull()
    expect(rendererDevUrl({}, false)).toEqual({ url: null, problem: null })
    expect(rendererDevUrl({ ELECTRON_RENDERER_URL: 'file:///tmp/x' }, false).url).toBeNull()
  })

  it('is read nowhere in the main process but through rendererDevUrl', () => {
    const index = readFileSync(join(import.meta.dirname, '../../src/main/index.ts'), 'utf8')
    expect(index).toContain('rendererDevUrl(process.env, app.isPackaged)')
    expect(index).not.toMatch(/process\.env\.ELECTRON_RENDERER_URL/)
  })
})

describe('keys, wherever they enter (item 13)', () => {
  it('refuses a service_role key saved as the project, with the reason, and starts on the demo', () => {
    const r = startupProject({ url: 'https://saved.supabase.co', anonKey: SERVICE }, {})
    expect(r.project).toBeNull()
    expect(r.problems[0]).toMatch(
      /^The project saved in settings.json: This is a service_role \(secret\) key/,
    )
  })

  it('refuses a service_role or sb_secret_ key from the environment', () => {
    for (const key of [SERVICE, 'sb_secret_abc']) {
      const r = startupProject(SAVED, { ...KIOSK_ENV, FLOORWATCH_KEY: key })
      expect(r.project).toBeNull()
      expect(r.problems[0]).toMatch(/^FLOORWATCH_URL\/FLOORWATCH_KEY: This is a service_role \(secret\) key/)
    }
  })

  it('drops a service_role key from settings.json when the file is read, and says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-launch-'))
    try {
      writeFileSync(
        join(dir, 'settings.json'),
        JSON.stringify({ version: 2, connection: { url: 'https://x.supabase.co', anonKey: SERVICE } }),
      )
      const problems: string[] = []
      const repo = openSettingsRepository({
        open: () => new Conf({ cwd: dir, configName: 'settings', projectName: 'fw' }),
        path: join(dir, 'settings.json'),
        clock: new ManualClock(),
        report: (p) => problems.push(p),
      })
      expect(repo.get().connection).toBeNull()
      expect(problems.join('\n')).toMatch(/settings\.connection: This is a service_role \(secret\) key/)
      // The original file is kept aside, as for any repaired field.
      expect(readdirSync(dir).some((f) => f.startsWith('settings.invalid-'))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a service_role key typed into Settings → Connect (the engine checks it through targetFrom)', async () => {
    const { targetFrom } = await import('../../src/main/core/project')
    expect(() => targetFrom({ url: 'https://x.supabase.co', anonKey: SERVICE })).toThrow(
      /This is a service_role \(secret\) key/,
    )
    expect(targetFrom({ url: 'https://x.supabase.co', anonKey: ANON }).anonKey).toBe(ANON)
  })
})

describe('kiosk credentials and Connect (item 14)', () => {
  it('pairs FLOORWATCH_EMAIL/PASSWORD only with FLOORWATCH_URL/KEY, never with the saved project', () => {
    const given = startupProject(SAVED, KIOSK_ENV)
    expect(given.project).toEqual({
      url: 'https://wall.supabase.co',
      anonKey: ANON,
      demo: false,
      credentials: { email: 'wall@example.com', password: 'pw' },
    })
    const { FLOORWATCH_URL: _u, FLOORWATCH_KEY: _k, ...credsOnly } = KIOSK_ENV
    const aliased = startupProject(SAVED, { ...credsOnly, SUPABASE_URL: _u, SUPABASE_ANON_KEY: _k })
    expect(aliased.project).toEqual(given.project)
    const alone = startupProject(SAVED, credsOnly)
    expect(alone.project).toEqual({ url: SAVED.url, anonKey: ANON, demo: false })
    expect(alone.project?.credentials).toBeUndefined()
    expect(alone.problems[0]).toMatch(/FLOORWATCH_EMAIL\/FLOORWATCH_PASSWORD are ignored/)
  })

  it('withdraws Settings → Connect in kiosk mode, over IPC, and offers it otherwise', async () => {
    const engine = new FakeConsole()
    const info = () => ({
      version: '1',
      shell: 'electron' as const,
      backend: { url: 'x', demo: true },
      readOnly: false,
    })
    let kiosk = true
    const off = registerHandlers(kioskHandlers(createHandlers(engine, info), () => kiosk))
    const call = electron.ipcMain.handlers.get('settings:connect')!
    const event = { senderFrame: { url: 'app://floorwatch/index.html' } }
    const request = { url: 'https://x.supabase.co', anonKey: ANON }
    expect(await call(event, request)).toEqual({
      ok: false,
      error: { code: 'kiosk', message: KIOSK_CONNECT_REFUSAL },
    })
    expect(engine.calls.connect).toEqual([])
    kiosk = false
    expect(await call(event, request)).toMatchObject({ ok: true })
    expect(engine.calls.connect).toEqual([request])
    off()
  })

  it('tells the renderer it is a kiosk, and the main window passes the flag', () => {
    const index = readFileSync(join(import.meta.dirname, '../../src/main/index.ts'), 'utf8')
    expect(index).toMatch(/kioskHandlers\(createHandlers\(engine, info\), \(\) => flags\.kiosk\)/)
    expect(index).toMatch(/kiosk: flags\.kiosk/)
    expect(index).not.toMatch(/process\.env\.FLOORWATCH_(EMAIL|PASSWORD)/)
  })
})

afterEach(() => electron.ipcMain.handlers.clear())
