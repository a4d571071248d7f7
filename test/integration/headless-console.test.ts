// The headless console's shell over real sockets, with an in-memory engine: the bridge (RendererApi over
// WebSocket), access tokens and the read-only wall role, Server-Sent Events, static files and CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { get } from 'node:http'
import { FakeConsole } from '../../src/main/core/api.testing'
import { startConsoleServer, type ConsoleServer } from '../../src/main/server/console-server'
import { eventually } from '../helpers/backend'

const ALERT = '6f9a1d2e-0000-4000-8000-000000000001'
const EVENT = '6f9a1d2e-0000-4000-8000-0000000000e1'
const row = (id: string, status = 'queued') => ({ id, status }) as never

const renderer = mkdtempSync(join(tmpdir(), 'floorwatch-renderer-'))
mkdirSync(join(renderer, 'assets'))
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Floorwatch</title>')
writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')

const info = () => ({
  version: 'test',
  shell: 'headless' as const,
  backend: { url: 'http://127.0.0.1:1', demo: true },
})
let engine: FakeConsole
let open: ConsoleServer
let guarded: ConsoleServer

beforeAll(async () => {
  engine = new FakeConsole()
  engine.upsert('calls', row('c1'))
  open = await startConsoleServer({ engine, info, rendererDir: renderer })
  guarded = await startConsoleServer({
    engine,
    info,
    rendererDir: renderer,
    tokens: { console: 'sup-secret', wall: 'wall-secret' },
  })
})
afterAll(async () => {
  await open?.close()
  await guarded?.close()
})

interface BridgeClient {
  call(
    key: string,
    payload?: unknown,
  ): Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>
  events: { event: string; payload: unknown }[]
  raw: WebSocket
}

async function bridge(server: ConsoleServer, token?: string): Promise<BridgeClient> {
  const url = new URL('bridge', server.url.replace('http', 'ws'))
  if (token) url.searchParams.set('token', token)
  const ws = new WebSocket(url)
  const events: BridgeClient['events'] = []
  const pending = new Map<number, (r: never) => void>()
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: never; event?: string; payload?: unknown }
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result!)
    else if (msg.event) events.push({ event: msg.event, payload: msg.payload })
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  let id = 0
  return {
    events,
    raw: ws,
    call: (key, payload) =>
      new Promise((resolve) => {
        pending.set(++id, resolve as never)
        ws.send(JSON.stringify({ id, key, payload }))
      }),
  }
}

describe('bridge', () => {
  it('gives a new view a snapshot, then live batches, plus health and presence', async () => {
    const c = await bridge(open)
    await eventually(() => c.events.some((e) => e.event === 'floor:batch'))
    const first = c.events.find((e) => e.event === 'floor:batch')!.payload as {
      frame?: { kind: string; first: boolean; last: boolean }
      deltas: { id: string }[]
    }
    expect(first.frame).toMatchObject({ kind: 'snapshot', first: true, last: true })
    expect(first.deltas.map((d) => d.id)).toContain('c1')
    expect(c.events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['health:changed', 'presence:changed']),
    )
    engine.upsert('calls', row('c2', 'ringing'))
    await eventually(() =>
      c.events.some((e) => e.event === 'floor:batch' && !(e.payload as { frame?: unknown }).frame),
    )
    c.raw.close()
  })

  it('answers calls with Results and validates every payload', async () => {
    const c = await bridge(open)
    expect(await c.call('app:info')).toMatchObject({ ok: true, data: { shell: 'headless', readOnly: false } })
    expect(await c.call('no:such')).toMatchObject({ ok: false, error: { code: 'unknown_call' } })
    expect(await c.call('alert:act', { alertId: 'x', kind: 'ack', clientEventId: EVENT })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: 'alert action: alertId must be a UUID' },
    })
    expect(
      await c.call('alert:act', { alertId: ALERT, kind: 'ack', clientEventId: EVENT, admin: true }),
    ).toMatchObject({
      error: { code: 'invalid_payload', message: 'alert action: unexpected field admin' },
    })
    expect(await c.call('app:info', { sneaky: 1 })).toMatchObject({ error: { code: 'invalid_payload' } })
    c.raw.close()
  })

  it('passes an alert action to the engine, and its refusal back with its code', async () => {
    const c = await bridge(open)
    const action = { alertId: ALERT, kind: 'ack', clientEventId: EVENT }
    expect(await c.call('alert:act', action)).toEqual({ ok: true, data: { status: 'sent' } })
    expect(engine.actions.at(-1)).toEqual(action)
    engine.actionResult = { ok: false, error: { code: 'forbidden', message: 'only supervisors may act' } }
    expect(await c.call('alert:act', action)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'only supervisors may act' },
    })
    engine.actionResult = { ok: true, data: { status: 'sent' } }
    c.raw.close()
  })

  it('answers malformed messages without dropping the connection', async () => {
    const c = await bridge(open)
    const replies: string[] = []
    c.raw.on('message', (d) => replies.push(String(d)))
    c.raw.send('{not json')
    c.raw.send(JSON.stringify({ key: 'app:info' }))
    await eventually(() => replies.filter((r) => r.includes('malformed message')).length === 2)
    expect(await c.call('app:info')).toMatchObject({ ok: true })
    c.raw.close()
  })
})

describe('access tokens', () => {
  it('refuses the bridge without a valid token', async () => {
    await expect(bridge(guarded)).rejects.toThrow(/401/)
    await expect(bridge(guarded, 'guess')).rejects.toThrow(/401/)
  })

  it('lets a wall token watch but not act', async () => {
    const wall = await bridge(guarded, 'wall-secret')
    expect(await wall.call('app:info')).toMatchObject({ ok: true, data: { readOnly: true } })
    expect(await wall.call('alert:act', { alertId: ALERT, kind: 'ack', clientEventId: EVENT })).toMatchObject(
      {
        ok: false,
        error: { code: 'read_only' },
      },
    )
    wall.raw.close()
    const sup = await bridge(guarded, 'sup-secret')
    expect(await sup.call('alert:act', { alertId: ALERT, kind: 'resolve', clientEventId: EVENT })).toEqual({
      ok: true,
      data: { status: 'sent' },
    })
    sup.raw.close()
  })

  it('refuses to listen beyond loopback without a token', async () => {
    await expect(
      startConsoleServer({ engine, info, rendererDir: renderer, host: '0.0.0.0' }),
    ).rejects.toThrow(/exposes the console beyond this machine/)
  })
})

describe('Server-Sent Events', () => {
  type Sse = { event: string; data: unknown }

  // Reads the stream until `until` holds. `when(pred)` resolves once the events so far satisfy `pred`, so a test
  // changes the floor only after the stream has shown what it waits for, however slow the machine.
  function readEvents(url: string, until: (events: Sse[]) => boolean) {
    const events: Sse[] = []
    const done = collect(url, events, until)
    const when = async (pred: (events: Sse[]) => boolean): Promise<void> => {
      while (!pred(events)) await new Promise((r) => setTimeout(r, 10))
    }
    return { done, when }
  }

  async function collect(url: string, events: Sse[], until: (events: Sse[]) => boolean): Promise<Sse[]> {
    const controller = new AbortController()
    const res = await fetch(url, { signal: controller.signal })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    let buffer = ''
    while (!until(events)) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += new TextDecoder().decode(value)
      let i: number
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i)
        buffer = buffer.slice(i + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (event && data) events.push({ event, data: JSON.parse(data) })
      }
    }
    controller.abort()
    return events
  }

  it('sends the initial rows of the chosen tables, then insert, update and delete', async () => {
    const { when, done } = readEvents(`${open.url}api/stream?tables=calls`, (ev) =>
      ev.some((e) => e.event === 'delete'),
    )
    await when((ev) => ev.length === 1)
    engine.upsert('calls', row('c3'))
    await when((ev) => ev.some((e) => e.event === 'insert'))
    engine.upsert('calls', row('c3', 'active'))
    await when((ev) => ev.some((e) => e.event === 'update'))
    engine.upsert('alerts', row('a1'))
    engine.remove('calls', 'c3')
    const events = await done
    expect(events[0]!.event).toBe('initial')
    expect(Object.keys(events[0]!.data as object)).toEqual(['calls'])
    const kinds = events.slice(1).map((e) => e.event)
    expect(kinds).toEqual(['insert', 'update', 'delete'])
    expect(events.at(-1)!.data).toEqual({ table: 'calls', id: 'c3' })
  })

  it('holds the whole floor in one initial event, whatever its size, and a new one when the floor is replaced', async () => {
    const big = new FakeConsole()
    const server = await startConsoleServer({ engine: big, info, rendererDir: renderer })
    try {
      const rows = Array.from({ length: 2_000 }, (_, i) => ({
        kind: 'upsert' as const,
        table: 'calls' as const,
        id: `call-${i}`,
        row: {
          id: `call-${i}`,
          status: 'queued',
          caller_masked: `+44 •••• ${String(i).padStart(4, '0')}`,
        } as never,
      }))
      big.replaceAll(rows)
      const { when, done } = readEvents(
        `${server.url}api/stream?tables=calls`,
        (ev) => ev.filter((e) => e.event === 'initial').length === 2 && ev.some((e) => e.event === 'update'),
      )
      await when((ev) => ev.length === 1)
      // A catch-up after an absence: changes, as changes; then a new session: a new initial.
      big.resync([
        { kind: 'upsert', table: 'calls', id: 'call-7', row: { id: 'call-7', status: 'active' } as never },
      ])
      await when((ev) => ev.some((e) => e.event === 'update'))
      big.replaceAll(rows.slice(0, 10))
      const events = await done
      expect(events.map((e) => e.event)).toEqual(['initial', 'update', 'initial'])
      expect((events[0]!.data as { calls: unknown[] }).calls).toHaveLength(2_000)
      expect((events[2]!.data as { calls: unknown[] }).calls).toHaveLength(10)
    } finally {
      await server.close()
      await big.stop()
    }
  })

  it('rejects unknown tables and missing tokens with specific errors', async () => {
    const bad = await fetch(`${open.url}api/stream?tables=calls,secrets`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toContain('Unknown table(s): secrets')
    expect((await fetch(`${guarded.url}api/stream`)).status).toBe(401)
    const withToken = await fetch(`${guarded.url}api/health`, {
      headers: { Authorization: 'Bearer wall-secret' },
    })
    expect(await withToken.json()).toMatchObject({ state: 'LIVE' })
  })
})

describe('static files', () => {
  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const res = await fetch(open.url)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await res.text()).toContain('<title>Floorwatch</title>')
    // Sent raw: fetch would normalise the dot segments before they reach the server.
    const traversal = await rawGet(open.url, '/..%2f..%2f..%2fetc%2fpasswd')
    expect(traversal.status).toBe(403)
    expect(traversal.body).not.toContain('root:')
    expect((await rawGet(open.url, '/assets/missing.js')).status).toBe(404)
  })
})

function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    get({ hostname, port, path }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    }).on('error', reject)
  })
}
