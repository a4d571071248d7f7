// Browser wall displays of the headless console, over real sockets: a supervisor makes a named device and
// gets its token once; a wall using it is read-only, counted in presence as a wall display by its name, and
// told "identify" (only that device's screens); revoked, its open screen is told why and closed at once and
// the token is refused from then on; /api/access says in words why a missing, wrong or revoked token is
// refused; the device list survives a restart (only hashes stored); announcements reach every screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeConsole } from '../../src/main/core/api.testing'
import { startConsoleServer, type ConsoleServer } from '../../src/main/server/console-server'
import { WallDevices } from '../../src/main/server/wall-devices'
import type { IssuedWallToken } from '../../src/shared/walls'

const dir = mkdtempSync(join(tmpdir(), 'floorwatch-walls-'))
const file = join(dir, 'state', 'wall-devices.json')
const info = () => ({ version: 'test', shell: 'headless' as const, backend: { url: 'http://x', demo: true } })
const SUP = 'sup-secret-0123456789'

let server: ConsoleServer
const engine = new FakeConsole()
beforeAll(async () => {
  writeFileSync(join(dir, 'index.html'), '<!doctype html>')
  server = await startConsoleServer({
    engine,
    info,
    rendererDir: dir,
    tokens: { console: SUP },
    walls: new WallDevices(file),
  })
})
afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Client {
  ws: WebSocket
  events: { event: string; payload: unknown }[]
  closed: Promise<number>
  call(key: string, payload?: unknown): Promise<{ ok: boolean; data?: unknown; error?: { message: string } }>
}

function connect(token: string): Promise<Client> {
  const url = new URL('bridge', server.url.replace('http', 'ws'))
  url.searchParams.set('token', token)
  const ws = new WebSocket(url)
  const events: Client['events'] = []
  const replies = new Map<number, (r: never) => void>()
  let id = 0
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { id?: number; result?: never; event?: string; payload?: unknown }
    if (m.id !== undefined) replies.get(m.id)?.(m.result as never)
    else if (m.event) events.push({ event: m.event, payload: m.payload })
  })
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        events,
        closed,
        call: (key, payload) =>
          new Promise((r) => {
            replies.set(++id, r as never)
            ws.send(JSON.stringify({ id, key, payload }))
          }),
      }),
    )
    ws.once('unexpected-response', (_q, res) => reject(new Error(`refused ${res.statusCode}`)))
  })
}

async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const lastPresence = (c: Client) =>
  c.events.filter((e) => e.event === 'presence:changed').at(-1)?.payload as { kind: string; email: string }[]

async function access(token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL('api/access', server.url)
  if (token) url.searchParams.set('token', token)
  const res = await fetch(url)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('wall display devices', () => {
  let sup: Client
  let issued: IssuedWallToken
  let wall: Client

  it('a supervisor adds a named device and gets its token once; only its hash is stored', async () => {
    sup = await connect(SUP)
    const r = await sup.call('walls:create', { name: '  Sales floor, north wall ' })
    expect(r.ok).toBe(true)
    issued = r.data as IssuedWallToken
    expect(issued.device.name).toBe('Sales floor, north wall')
    expect(issued.token).toMatch(/^fw_wall_[\w-]{32}$/)
    expect(readFileSync(file, 'utf8')).not.toContain(issued.token)
    const clash = await sup.call('walls:create', { name: 'sales floor, NORTH wall' })
    expect(clash.error?.message).toMatch(/already exists/)
    expect((await sup.call('walls:create', { name: '' })).error?.message).toMatch(/give it a name/)
  })

  it('a wall with the token is read-only and counted in presence by its name', async () => {
    wall = await connect(issued.token)
    const act = await wall.call('walls:list')
    expect(act.error?.message).toMatch(/read-only/)
    await eventually(() => lastPresence(sup)?.some((w) => w.kind === 'wallboard'))
    // The supervisor's own screen (as the console's user) and the wall, by its device's name.
    expect(lastPresence(sup)).toEqual([
      expect.objectContaining({ kind: 'console', email: 'demo@example.test' }),
      expect.objectContaining({ kind: 'wallboard', email: 'Sales floor, north wall' }),
    ])
    // What the console announces in the org's presence, so consoles elsewhere count this wall too.
    expect(engine.screens?.map((s) => [s.kind, s.name])).toEqual([
      ['console', null],
      ['wallboard', 'Sales floor, north wall'],
    ])
    const list = (await sup.call('walls:list')).data as { name: string; connected: number }[]
    expect(list).toEqual([expect.objectContaining({ name: 'Sales floor, north wall', connected: 1 })])
  })

  it('identify reaches only that device’s screens', async () => {
    const other = (await sup.call('walls:create', { name: 'Lobby' })).data as IssuedWallToken
    const lobby = await connect(other.token)
    const r = await sup.call('walls:command', { id: issued.device.id, command: 'identify' })
    expect(r.data).toEqual({ screens: 1 })
    await eventually(() => wall.events.some((e) => e.event === 'wall:command'))
    expect(wall.events.find((e) => e.event === 'wall:command')?.payload).toEqual({
      command: 'identify',
      name: 'Sales floor, north wall',
    })
    expect(lobby.events.some((e) => e.event === 'wall:command')).toBe(false)
    lobby.ws.close()
  })

  it('announcements reach every screen, malformed ones none', async () => {
    engine.emitAnnouncement({ text: 'no id, no until' })
    const running = {
      id: 'a1',
      text: 'Huddle at 15:00',
      from: 'sup@example.test',
      sent_at: new Date().toISOString(),
      until: new Date(Date.now() + 15 * 60_000).toISOString(),
    }
    engine.emitAnnouncement(running)
    for (const c of [sup, wall]) {
      await eventually(() => c.events.some((e) => e.event === 'wall:announcement'))
      const got = c.events.filter((e) => e.event === 'wall:announcement').map((e) => e.payload)
      expect(got).toEqual([expect.objectContaining({ id: 'a1', text: 'Huddle at 15:00' })])
    }
    // A screen that connects while it runs is shown it too; an ended one is not replayed.
    engine.emitAnnouncement({ ...running, id: 'a0', until: new Date(Date.now() - 1000).toISOString() })
    const late = await connect(SUP)
    await eventually(() => late.events.some((e) => e.event === 'wall:announcement'))
    expect(late.events.filter((e) => e.event === 'wall:announcement').map((e) => e.payload)).toEqual([
      expect.objectContaining({ id: 'a1' }),
    ])
    late.ws.close()
  })

  it('revoked: the open screen is told why and closed at once, and the token is refused from then on', async () => {
    const r = await sup.call('walls:revoke', { id: issued.device.id })
    expect(r.ok).toBe(true)
    expect(await wall.closed).toBe(4403)
    const refusal = wall.events.find((e) => e.event === 'access:refused')?.payload as { reason: string }
    expect(refusal.reason).toBe('revoked')
    await expect(connect(issued.token)).rejects.toThrow('refused 401')
    const a = await access(issued.token)
    expect(a.status).toBe(401)
    expect(a.body).toMatchObject({ ok: false, reason: 'revoked' })
    expect(a.body.message).toContain('Sales floor, north wall')
    await eventually(() => !lastPresence(sup).some((w) => w.email === 'Sales floor, north wall'))
  })

  it('/api/access says why a missing or wrong token is refused', async () => {
    expect((await access()).body).toMatchObject({ ok: false, reason: 'missing' })
    expect((await access('fw_wall_nonsense')).body).toMatchObject({ ok: false, reason: 'wrong' })
    expect((await access(SUP)).body).toEqual({ ok: true, access: 'full' })
  })

  it('the list survives a restart: revoked stays revoked', () => {
    const again = new WallDevices(file)
    expect(again.list().map((d) => [d.name, d.revokedAt !== null])).toEqual([
      ['Sales floor, north wall', true],
      ['Lobby', false],
    ])
    expect(again.match(issued.token)?.revoked).toBe(true)
    sup.ws.close()
  })
})
