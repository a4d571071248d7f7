// Storage and start-up adapters: the settings repository migrates and survives a corrupt file without
// losing it, the session round-trips through (fake) safeStorage with a visible warning on basic_text,
// window state survives display changes, logs rotate, and the command-line flags parse.
import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Conf from 'conf'
import * as electron from '../fakes/electron'
import { ManualClock } from '../../src/main/core/clock.testing'
import { openSettingsRepository, type JsonStore } from '../../src/main/electron/settings-repository'
import { DEFAULT_SETTINGS } from '../../src/main/electron/settings-schema'
import {
  BASIC_TEXT_WARNING,
  NO_ENCRYPTION_WARNING,
  createTokenStore,
} from '../../src/main/electron/token-store'
import { placeWindow, trackWindowState, type DisplayLike } from '../../src/main/electron/window-state'
import { createRotatingLog } from '../../src/main/electron/logs'
import { parseCliFlags } from '../../src/main/electron/cli'

/** A key shaped like a project's anon key (the signature is never checked by the console). */
const ANON_KEY = `e30.${Buffer.from(JSON.stringify({ role: 'anon' })).toString('base64url')}.sig`

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-stores-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** electron-store is `conf` plus Electron's paths: the real file behaviour, without the binary. */
const confStore = (cwd: string, name: string): JsonStore =>
  new Conf({ cwd, configName: name, projectName: 'fw' })

function settingsIn(dir: string, clock = new ManualClock()) {
  const problems: string[] = []
  const repo = openSettingsRepository({
    open: () => confStore(dir, 'settings'),
    path: join(dir, 'settings.json'),
    clock,
    report: (p) => problems.push(p),
  })
  return { repo, problems, clock, file: () => JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) }
}

describe('settings repository', () => {
  it('starts from defaults and writes changes once they settle', () => {
    const dir = tempDir()
    const { repo, clock, problems } = settingsIn(dir)
    expect(repo.get()).toEqual(DEFAULT_SETTINGS)
    repo.update({ mutedUntil: 123 })
    repo.update({
      notifications: { enabled: false, minSeverity: 'critical', sound: false, quietHours: null },
    })
    expect(existsSync(join(dir, 'settings.json'))).toBe(false)
    clock.advance(500)
    expect(settingsIn(dir).repo.get()).toMatchObject({ mutedUntil: 123, notifications: { enabled: false } })
    expect(problems).toEqual([])
  })

  it('migrates a version 1 file and keeps the original beside it', () => {
    const dir = tempDir()
    const v1 = {
      supabaseUrl: 'https://abc.supabase.co',
      supabaseAnonKey: ANON_KEY,
      notify: false,
      bounds: { x: 10, y: 20, width: 1200, height: 800 },
    }
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(v1))
    const { repo, file } = settingsIn(dir)
    expect(repo.get()).toEqual({
      version: 2,
      connection: { url: 'https://abc.supabase.co', anonKey: ANON_KEY },
      notifications: { enabled: false, minSeverity: 'info', sound: true, quietHours: null },
      mutedUntil: null,
      window: {
        x: 10,
        y: 20,
        width: 1200,
        height: 800,
        displayId: null,
        maximized: false,
        fullScreen: false,
      },
    })
    expect(file().version).toBe(2)
    const kept = readdirSync(dir).filter((f) => f.startsWith('settings.v1-'))
    expect(kept).toHaveLength(1)
    expect(JSON.parse(readFileSync(join(dir, kept[0]!), 'utf8'))).toEqual(v1)
  })

  it('keeps a corrupt file aside, reports it, and carries on with defaults', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'settings.json'), '{"version": 2, "connection": {"url": "https://x')
    const { repo, problems } = settingsIn(dir)
    expect(repo.get()).toEqual(DEFAULT_SETTINGS)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/could not be read .* kept as .*settings\.corrupt-.*\.json/)
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.corrupt-'))!
    expect(readFileSync(join(dir, aside), 'utf8')).toContain('"https://x')
  })

  it('repairs invalid fields one by one, keeping the original and the valid fields', () => {
    const dir = tempDir()
    const bad = {
      version: 2,
      connection: { url: 'javascript:alert(1)', anonKey: 'k' },
      mutedUntil: 99,
      window: 'huge',
    }
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(bad))
    const { repo, problems } = settingsIn(dir)
    expect(repo.get()).toMatchObject({ connection: null, mutedUntil: 99, window: null })
    expect(problems[0]).toMatch(/settings.connection was invalid.*settings.window was invalid/)
    expect(readdirSync(dir).some((f) => f.startsWith('settings.invalid-'))).toBe(true)
  })

  it('does not downgrade a file from a newer version', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 9, mutedUntil: 5, future: true }))
    const { repo, problems } = settingsIn(dir)
    expect(repo.get().mutedUntil).toBe(5)
    expect(problems[0]).toMatch(/newer Floorwatch/)
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).future).toBe(true)
  })
})

describe('session (token) store', () => {
  const setup = (platform: NodeJS.Platform, backend: string, available = true) => {
    Object.assign(electron.safeStorage, { backend, available, rotated: false })
    const warnings: string[] = []
    const file: JsonStore = { path: '/x/session.json', store: {} }
    const store = createTokenStore({
      safeStorage: electron.safeStorage,
      store: file,
      platform,
      warn: (m) => warnings.push(m),
      log: () => undefined,
    })
    return { store, file, warnings }
  }
  const SESSION = JSON.stringify({ access_token: 'eyJ.a.b', refresh_token: 'r-123' })

  it('round-trips the session through safeStorage and never writes it in plain text', async () => {
    const { store, file, warnings } = setup('linux', 'gnome_libsecret')
    await store.save(SESSION)
    expect(JSON.stringify(file.store)).not.toContain('r-123')
    expect(file.store).toMatchObject({ version: 1, protection: 'os-keystore' })
    const again = createTokenStore({
      safeStorage: electron.safeStorage,
      store: file,
      platform: 'linux',
      warn: (m) => warnings.push(m),
      log: () => undefined,
    })
    expect(await again.load()).toBe(SESSION)
    expect(warnings).toEqual([])
    await again.clear()
    expect(await again.load()).toBeNull()
  })

  it('warns visibly, once, when Linux offers only basic_text', async () => {
    const { store, warnings } = setup('linux', 'basic_text')
    await store.save(SESSION)
    await store.save(SESSION)
    expect(await store.load()).toBe(SESSION)
    expect(warnings).toEqual([BASIC_TEXT_WARNING])
    expect(store.protection()).toBe('basic_text')
  })

  it('keeps the session in memory only, with a warning, when there is no encryption', async () => {
    const { store, file, warnings } = setup('linux', 'unknown', false)
    await store.save(SESSION)
    expect(file.store).toEqual({})
    expect(await store.load()).toBe(SESSION)
    expect(warnings).toEqual([NO_ENCRYPTION_WARNING])
  })

  it('re-encrypts after a key rotation and discards what it cannot decrypt', async () => {
    const { store, file } = setup('darwin', 'unknown')
    await store.save(SESSION)
    electron.safeStorage.rotated = true
    expect(await store.load()).toBe(SESSION)
    file.store = {
      version: 1,
      protection: 'os-keystore',
      ciphertext: Buffer.from('garbage').toString('base64'),
    }
    expect(await store.load()).toBeNull()
    expect(file.store).toEqual({})
  })
})

describe('window state across displays', () => {
  const laptop: DisplayLike = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }
  const monitor: DisplayLike = { id: 7, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } }
  const saved = {
    x: 2000,
    y: 100,
    width: 1600,
    height: 1000,
    displayId: 7,
    maximized: true,
    fullScreen: false,
  }

  it('reopens where it was while that display is attached', () => {
    expect(placeWindow(saved, [laptop, monitor], laptop, null)).toEqual(saved)
  })

  it('moves to the primary display, centred and fitted, when its display is gone', () => {
    expect(placeWindow(saved, [laptop], laptop, null)).toEqual({ ...saved, x: 160, y: 25, displayId: 1 })
  })

  it('honours --display by position or id, and pulls off-screen bounds back in', () => {
    expect(placeWindow(null, [monitor, laptop], laptop, 2)).toMatchObject({ displayId: 7, x: 2480, y: 250 })
    expect(placeWindow(null, [laptop, monitor], laptop, 7)).toMatchObject({ displayId: 7 })
    const off = { ...saved, x: 9000, y: -400, displayId: 1, maximized: false }
    expect(placeWindow(off, [laptop], laptop, null)).toMatchObject({
      x: 320,
      y: 0,
      width: 1600,
      height: 1000,
    })
  })

  it('saves the normal bounds and display once the window settles, and at once on close', () => {
    const clock = new ManualClock()
    const on = new Map<string, () => void>()
    let bounds = { x: 100, y: 100, width: 1400, height: 900 }
    const win = {
      on: (e: string, fn: () => void) => on.set(e, fn),
      getNormalBounds: () => bounds,
      isMaximized: () => false,
      isFullScreen: () => false,
      isDestroyed: () => false,
    }
    const saves: unknown[] = []
    trackWindowState(
      win,
      (b) => (b.x >= 1920 ? monitor : laptop),
      (s) => saves.push(s),
      clock,
    )
    on.get('move')!()
    bounds = { ...bounds, x: 2100 }
    on.get('move')!()
    clock.advance(1000)
    expect(saves).toEqual([{ ...bounds, displayId: 7, maximized: false, fullScreen: false }])
    on.get('resize')!()
    on.get('close')!()
    expect(saves).toHaveLength(2)
  })
})

describe('rotating log', () => {
  it('rotates by size and keeps a bounded number of files', () => {
    const dir = tempDir()
    const log = createRotatingLog({ dir, maxBytes: 200, keep: 2, now: () => 0 })
    for (let i = 0; i < 20; i++) log.info(`line ${i} ${'x'.repeat(40)}`)
    log.error('boom', new Error('bad'))
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log'])
    expect(readFileSync(log.path, 'utf8')).toContain('ERROR boom Error: bad')
    expect(readFileSync(join(dir, 'main.2.log'), 'utf8')).toMatch(/^1970-01-01T00:00:00.000Z INFO line/)
  })
})

describe('command-line flags', () => {
  it.each([
    [
      ['/app/floorwatch', '--kiosk', '--display', '2'],
      { kiosk: true, display: 2, profile: null, headless: false },
    ],
    [
      ['electron', 'out/main/index.js', '--profile=wall-2', '--headless'],
      { profile: 'wall-2', headless: true },
    ],
    [
      ['x', '--profile', '/tmp/fw-e2e', '--no-sandbox', '--remote-debugging-port=0'],
      { profile: '/tmp/fw-e2e' },
    ],
    [['x', '--display=1', '--inspect=0'], { display: 1, kiosk: false }],
  ])('parses %j', (argv, expected) => {
    const flags = parseCliFlags(argv)
    expect(flags).toMatchObject(expected)
    expect(flags.problems).toEqual([])
  })

  it.each([
    [['x', '--kiosk', '--board', 'Main floor'], 'Main floor'],
    [['x', '--board=Sales – north', '--kiosk'], 'Sales – north'],
  ])('takes the wall board from %j', (argv, board) => {
    expect(parseCliFlags(argv)).toMatchObject({ board, kiosk: true, problems: [] })
  })

  it.each([
    [['x', '--board'], /--board needs/],
    [['x', '--board', 'a\u0007b'], /--board needs/],
    [['x', '--board', 'x'.repeat(201)], /--board needs/],
  ])('reports a bad board in %j', (argv, problem) => {
    const flags = parseCliFlags(argv)
    expect(flags.board).toBeNull()
    expect(flags.problems[0]).toMatch(problem)
  })

  it.each([
    [['x', '--display', 'left'], /--display needs/],
    [['x', '--display'], /--display needs/],
    [['x', '--profile', '../../etc'], /--profile needs/],
    [['x', '--profile'], /--profile needs/],
  ])('reports and drops bad values in %j', (argv, problem) => {
    const flags = parseCliFlags(argv)
    expect(flags.display).toBeNull()
    expect(flags.profile).toBeNull()
    expect(flags.problems[0]).toMatch(problem)
  })
})
