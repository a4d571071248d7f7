// Who the headless console answers, over real sockets: only requests naming it by a loopback name (or its
// configured host), and on the bridge, SSE and /api only requests from its own origin. A DNS-rebinding page
// (a foreign Host) and a page on another origin (a foreign Origin or Sec-Fetch-Site) are refused; the SSE
// stream carries the same security headers as every page; the Bearer scheme is case-insensitive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { FakeConsole } from '../../src/main/core/api.testing'
import { startConsoleServer, type ConsoleServer } from '../../src/main/server/console-server'

const renderer = mkdtempSync(join(tmpdir(), 'floorwatch-renderer-'))
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Floorwatch</title>')
const info = () => ({
  version: 'test',
  shell: 'headless' as const,
  backend: { url: 'http://127.0.0.1:1', demo: true },
})

let open: ConsoleServer
let guarded: ConsoleServer
let port: number
beforeAll(async () => {
  open = await startConsoleServer({ engine: new FakeConsole(), info, rendererDir: renderer })
  guarded = await startConsoleServer({
    engine: new FakeConsole(),
    info,
    rendererDir: renderer,
    tokens: { console: 'sup-secret' },
  })
  port = Number(new URL(open.url).port)
})
afterAll(async () => {
  await open?.close()
  await guarded?.close()
})

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw request, so that Host, Origin and Sec-Fetch-Site are exactly what a browser would send. */
function get(server: ConsoleServer, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  const url = new URL(path, server.url)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, headers },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          body += d
          // The stream never ends: what the headers say is enough.
          if (res.headers['content-type']?.startsWith('text/event-stream')) res.destroy()
        })
        res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** Opens the bridge with the given headers: 'open', or the HTTP status of the refusal. */
function bridge(server: ConsoleServer, headers: Record<string, string>, token?: string): Promise<string> {
  const url = new URL('bridge', server.url.replace('http', 'ws'))
  if (token) url.searchParams.set('token', token)
  const ws = new WebSocket(url, { headers })
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.close()
      resolve('open')
    })
    ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)))
    ws.once('error', () => resolve('error'))
  })
}

describe('Host names (DNS rebinding)', () => {
  it('refuses every route to a request naming another host', async () => {
    for (const path of ['/api/health', '/api/stream', '/', '/index.html']) {
      const r = await get(open, path, { Host: `attacker.example:${port}` })
      expect(r.status, path).toBe(403)
      expect(JSON.parse(r.body).error).toContain('does not answer to the host name "attacker.example')
    }
    expect(await bridge(open, { Host: `attacker.example:${port}` })).toBe('403')
  })

  it('answers loopback names', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await get(open, '/api/health', { Host: host })).status, host).toBe(200)
    }
    expect(await bridge(open, { Host: `localhost:${port}` })).toBe('open')
  })
})

describe('origins', () => {
  it('refuses the bridge and the API to a page on another origin, even another loopback port', async () => {
    const other = `http://127.0.0.1:${port + 1}`
    expect(await bridge(open, { Origin: other })).toBe('403')
    expect(await bridge(open, { Origin: 'null' })).toBe('403')
    expect((await get(open, '/api/health', { Origin: other })).status).toBe(403)
    expect((await get(open, '/api/stream', { Origin: 'https://evil.example' })).status).toBe(403)
  })

  it('refuses a plain GET that Fetch Metadata marks as coming from another page', async () => {
    expect((await get(open, '/api/health', { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403)
    expect((await get(open, '/api/health', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403)
    expect((await get(open, '/api/health', { 'Sec-Fetch-Site': 'none' })).status).toBe(200)
    expect((await get(open, '/api/health', { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200)
  })

  it('accepts its own origin, under each loopback name', async () => {
    expect(await bridge(open, { Origin: `http://127.0.0.1:${port}` })).toBe('open')
    expect(await bridge(open, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).toBe('open')
    expect((await get(open, '/api/health', { Origin: `http://127.0.0.1:${port}` })).status).toBe(200)
  })

  it('checks the origin before the token: a token does not make another origin acceptable', async () => {
    const other = `http://127.0.0.1:${port + 1}`
    expect(await bridge(guarded, { Origin: other }, 'sup-secret')).toBe('403')
    expect(await bridge(guarded, {}, 'sup-secret')).toBe('open')
  })
})

describe('headers and tokens', () => {
  it('sends the SSE stream with the CSP and nosniff', async () => {
    const r = await get(open, '/api/stream?tables=calls')
    expect(r.status).toBe(200)
    expect(r.headers['content-security-policy']).toContain("default-src 'none'")
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    const bad = await get(open, '/api/stream?tables=nope')
    expect(bad.status).toBe(400)
    expect(bad.headers['x-content-type-options']).toBe('nosniff')
  })

  it('accepts the Bearer scheme in any case', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const r = await get(guarded, '/api/health', { Authorization: `${scheme} sup-secret` })
      expect(r.status, scheme).toBe(200)
    }
    expect((await get(guarded, '/api/health', { Authorization: 'bearer wrong' })).status).toBe(401)
  })
})
