// app://floorwatch (Electron checklist 18): only files under the built renderer are served, whatever the
// URL says; every answer carries the console's CSP; the scheme is privileged without bypassing CSP.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { SECURITY_HEADERS } from '../../src/main/server/static-files'
import {
  APP_ENTRY,
  mimeType,
  resolveAppFile,
  serveAppRequest,
  type ReadFile,
} from '../../src/main/electron/app-origin'

vi.mock('electron', () => import('../fakes/electron'))

const electron = await import('../fakes/electron')
const { registerAppScheme, serveRenderer } = await import('../../src/main/electron/app-protocol')

// <tmp>/renderer is the served root; its neighbours hold what must never come out.
const dir = mkdtempSync(join(tmpdir(), 'floorwatch-app-'))
const root = join(dir, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
mkdirSync(join(dir, 'renderer-evil'))
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Floorwatch</title>')
writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {}')
writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}')
writeFileSync(join(root, 'favicon.svg'), '<svg/>')
writeFileSync(join(dir, 'secret.txt'), 'SECRET')
writeFileSync(join(dir, 'renderer-evil', 'secret.txt'), 'SECRET')

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const get = (url: string, read?: ReadFile) => serveAppRequest(root, { url, method: 'GET' }, read)

describe('app:// path resolution', () => {
  it.each([
    ['app://floorwatch/index.html', 'index.html'],
    ['app://floorwatch/', 'index.html'],
    ['app://floorwatch', 'index.html'],
    ['app://floorwatch/assets/index-abc.js?v=1#top', 'assets/index-abc.js'],
    // The URL parser folds these before we see them: they stay inside root.
    ['app://floorwatch/assets/../index.html', 'index.html'],
    ['app://floorwatch/assets/%2e%2e/index.html', 'index.html'],
    // Decoded once only: a double-encoded climb is a folder literally named %2e%2e, inside root.
    ['app://floorwatch/%252e%252e/secret.txt', '%2e%2e/secret.txt'],
  ])('%s → %s', (url, file) => {
    expect(resolveAppFile(root, url)).toBe(join(root, file))
  })

  it.each([
    ['encoded slash', 'app://floorwatch/..%2fsecret.txt'],
    ['encoded dots and slash', 'app://floorwatch/%2e%2e%2fsecret.txt'],
    ['deeper encoded climb', 'app://floorwatch/assets/..%2F..%2F..%2Fsecret.txt'],
    ['encoded backslash', 'app://floorwatch/..%5csecret.txt'],
    ['literal backslash', 'app://floorwatch/assets\\..\\..\\secret.txt'],
    ['absolute path', 'app://floorwatch//etc/passwd'],
    ['encoded absolute path', `app://floorwatch/${encodeURIComponent(join(dir, 'secret.txt'))}`],
    ['drive letter', 'app://floorwatch/C:/Windows/win.ini'],
    ['NTFS stream', 'app://floorwatch/index.html::$DATA'],
    ['NUL', 'app://floorwatch/index.html%00.png'],
    ['malformed escape', 'app://floorwatch/%E0%A4%A'],
    ['unknown host', 'app://evil/index.html'],
    ['look-alike host', 'app://floorwatch.evil/index.html'],
    ['host with a port', 'app://floorwatch:8080/index.html'],
    ['credentials', 'app://user:pw@floorwatch/index.html'],
    ['other scheme', 'file:///index.html'],
    ['https', 'https://floorwatch/index.html'],
  ])('refuses %s', (_name, url) => {
    expect(resolveAppFile(root, url)).toBeNull()
  })

  it('keeps a sibling folder whose name starts like the root out of reach', async () => {
    const res = await get('app://floorwatch/../renderer-evil/secret.txt')
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('SECRET')
  })
})

describe('app:// responses', () => {
  it.each([
    ['app://floorwatch/..%2fsecret.txt'],
    ['app://floorwatch/%2e%2e%2fsecret.txt'],
    ['app://floorwatch/%2f..%2fsecret.txt'],
    ['app://floorwatch/index.html%00'],
    ['app://other/index.html'],
  ])('answers 404 to %s without touching the disk', async (url) => {
    const read = vi.fn<ReadFile>()
    const res = await get(url, read)
    expect(res.status).toBe(404)
    expect(read).not.toHaveBeenCalled()
    expect(await res.text()).not.toContain('SECRET')
  })

  it('serves the entry page with the console CSP and the hardening headers', async () => {
    const res = await get(APP_ENTRY)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>Floorwatch</title>')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-(inline|eval)/)
  })

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.css', 'text/css; charset=utf-8'],
    ['favicon.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (path, type) => {
    const res = await get(`app://floorwatch/${path}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it.each([
    ['a.png', 'image/png'],
    ['a.woff2', 'font/woff2'],
    ['a.JSON', 'application/json'],
    ['a.exe', 'application/octet-stream'],
    ['Makefile', 'application/octet-stream'],
  ])('mimeType(%s) = %s', (file, type) => {
    expect(mimeType(file)).toBe(type)
  })

  it('answers 404 with the CSP for missing files and folders', async () => {
    for (const url of ['app://floorwatch/missing.js', 'app://floorwatch/assets']) {
      const res = await get(url)
      expect(res.status).toBe(404)
      expect(res.headers.get('content-security-policy')).toBe(SECURITY_HEADERS['Content-Security-Policy'])
    }
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await serveAppRequest(root, { url: APP_ENTRY, method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const post = await serveAppRequest(root, { url: APP_ENTRY, method: 'POST' })
    expect(post.status).toBe(405)
  })
})

describe('app:// in Electron', () => {
  it('registers app as a standard, secure, fetch-capable scheme that cannot bypass CSP', () => {
    registerAppScheme()
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })

  it('serves the renderer folder through protocol.handle', async () => {
    serveRenderer(root)
    const handler = electron.protocol.handlers.get('app')!
    const ok = await handler(new Request('app://floorwatch/assets/index-abc.js'))
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('export {}')
    const escape = await handler(new Request('app://floorwatch/..%2fsecret.txt'))
    expect(escape.status).toBe(404)
    electron.protocol.unhandle('app')
  })
})
