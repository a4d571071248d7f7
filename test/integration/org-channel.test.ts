// The org channel `floor:<orgId>` is private in both delivery modes: the realtime.messages policies of the
// migrations let members read broadcasts and presence and announce their own presence; nobody but the server
// side (realtime.send as the owner or service_role) writes ticks or announcements. The unmodified supabase-js
// client over real sockets, against the embedded backend.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from '../../src/main/embedded/backend'
import { openFloorChannel } from '../../src/main/core/feed/floor-channel'
import type { FeedEvent } from '../../src/main/core/feed/events'
import { eventually, testBackend } from '../helpers/backend'

let backend: Backend
let orgId: string
const clients: SupabaseClient[] = []
type Msg = { event: string; payload: Record<string, unknown> }

beforeAll(async () => {
  backend = await testBackend({ tickIntervalMs: 100, config: { realtime: { joinErrorDelayMs: 0 } } })
  orgId = backend.demo!.orgId
})
afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  await backend?.stop()
})

/** A signed-in user, a member of the demo org with `role` or of no org at all. */
const tokens = new WeakMap<SupabaseClient, string>()

async function user(role: 'supervisor' | 'wallboard' | null): Promise<SupabaseClient> {
  const id = randomUUID()
  await backend.ctx.db.query('insert into auth.users (id, email) values ($1, $2)', [id, `${id}@example.test`])
  if (role) {
    await backend.ctx.db.query('insert into public.memberships (org_id, user_id, role) values ($1, $2, $3)', [
      orgId,
      id,
      role,
    ])
  }
  const exp = Math.floor(Date.now() / 1000) + 3600
  const token = backend.ctx.sign({ role: 'authenticated', sub: id, aud: 'authenticated', exp })
  const c = make(async () => token)
  tokens.set(c, token)
  return c
}

function make(accessToken?: () => Promise<string>): SupabaseClient {
  const c = createClient(backend.url, backend.anonKey, {
    ...(accessToken ? { accessToken } : { auth: { persistSession: false, autoRefreshToken: false } }),
    realtime: { transport: WebSocket as never },
  })
  clients.push(c)
  return c
}

/** Joins the org channel the way the console does (private, presence on); resolves with the outcome. */
async function join(c: SupabaseClient, key: string, isPrivate = true) {
  await c.realtime.setAuth()
  const got: Msg[] = []
  const ch: RealtimeChannel = c
    .channel(`floor:${orgId}`, { config: { private: isPrivate, presence: { key, enabled: true } } })
    .on('broadcast', { event: '*' }, (m) => got.push(m as unknown as Msg))
  const status = await new Promise<string>((resolve) =>
    ch.subscribe((s, err) => {
      if (s !== 'CLOSED') resolve(err ? `${s}: ${err.message}` : s)
    }),
  )
  return { ch, got, status }
}

describe('joining', () => {
  it('lets a member in and brings the server tick, sent by floor_server_tick through realtime.send', async () => {
    const member = await join(await user('wallboard'), 'wall-1')
    expect(member.status).toBe('SUBSCRIBED')
    await eventually(() => member.got.filter((m) => m.event === 'tick').length >= 2, 10_000, 'two ticks')
    const tick = member.got.find((m) => m.event === 'tick')!
    expect(tick.payload).toMatchObject({ interval_ms: 100 })
    const ats = member.got.filter((m) => m.event === 'tick').map((m) => Date.parse(String(m.payload.at)))
    expect(ats[0]).toBeGreaterThan(Date.now() - 60_000)
    expect(ats[1]).toBeGreaterThan(ats[0]!)
  })

  it('refuses a signed-in non-member and the anon key', async () => {
    const reason = `Unauthorized: You do not have permissions to read from this Channel topic: floor:${orgId}`
    expect((await join(await user(null), 'stranger')).status).toBe(`CHANNEL_ERROR: ${reason}`)
    expect((await join(make(), 'anon')).status).toBe(`CHANNEL_ERROR: ${reason}`)
  })
})

describe('writing', () => {
  it('drops a tick or announcement a member broadcasts: only the server side writes them', async () => {
    const listener = await join(await user('supervisor'), 'listener')
    const forger = await join(await user('supervisor'), 'forger')
    await forger.ch.send({ type: 'broadcast', event: 'tick', payload: { at: '2000-01-01T00:00:00.000Z' } })
    await forger.ch.send({ type: 'broadcast', event: 'announcement', payload: { text: 'forged' } })
    await backend.ctx.db.query(
      `select realtime.send('{"text":"from the server"}'::jsonb, 'announcement', $1, true)`,
      [`floor:${orgId}`],
    )
    await eventually(() => listener.got.some((m) => m.event === 'announcement'))
    const seen = listener.got.filter(
      (m) => m.event === 'announcement' || m.payload.at === '2000-01-01T00:00:00.000Z',
    )
    expect(seen.map((m) => m.payload.text)).toEqual(['from the server'])
  })

  it('drops what a non-member sends to the private topic over REST, and the public topic of the name is another channel', async () => {
    const listener = await join(await user('supervisor'), 'listener-2')
    const stranger = await user(null)
    await stranger.realtime.setAuth()
    const publicSide = await join(stranger, 'stranger-2', false)
    expect(publicSide.status).toBe('SUBSCRIBED')
    await publicSide.ch.send({ type: 'broadcast', event: 'tick', payload: { at: 'forged-public' } })
    const rest = await fetch(`${backend.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: {
        apikey: backend.anonKey,
        Authorization: `Bearer ${tokens.get(stranger)}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        messages: [{ topic: `floor:${orgId}`, event: 'tick', payload: { at: 'forged-rest' }, private: true }],
      }),
    })
    expect(rest.status).toBe(202)
    const ticks = listener.got.length
    await eventually(() => listener.got.length > ticks + 1, 5000, 'two more server ticks')
    expect(listener.got.map((m) => m.payload.at)).not.toContain('forged-public')
    expect(listener.got.map((m) => m.payload.at)).not.toContain('forged-rest')
  })
})

describe('presence', () => {
  it('shows members to members only; a non-member can neither see nor join the presence list', async () => {
    const a = await join(await user('supervisor'), 'sup-a@example.test')
    await a.ch.track({ kind: 'console', email: 'sup-a@example.test' })
    const b = await join(await user('wallboard'), 'wall-b')
    await eventually(() => Object.keys(b.ch.presenceState()).includes('sup-a@example.test'))
    const stranger = await join(await user(null), 'spy')
    expect(stranger.status).toMatch(/^CHANNEL_ERROR: Unauthorized/)
    expect(stranger.ch.presenceState()).toEqual({})
    expect(
      await stranger.ch.track({ kind: 'console', email: 'fake@example.test' }, { timeout: 300 }),
    ).not.toBe('ok')
    expect(Object.keys(b.ch.presenceState())).not.toContain('spy')
  })
})

describe("the console's channel", () => {
  function console(c: SupabaseClient, mode: 'postgres_changes' | 'broadcast') {
    const seen = { ticks: [] as (string | null)[], status: [] as string[] }
    const emit = (e: FeedEvent) => {
      if (e.type === 'tick') seen.ticks.push(e.at)
    }
    const channel = openFloorChannel(c, { orgId, mode, presenceKey: randomUUID() }, emit)
    channel.subscribe((s, err) => seen.status.push(err?.message ? `${s}: ${err.message}` : s))
    return seen
  }

  it('is private in both delivery modes: a tick forged on the public topic never reaches it', async () => {
    for (const mode of ['postgres_changes', 'broadcast'] as const) {
      const member = await user('supervisor')
      await member.realtime.setAuth()
      const seen = console(member, mode)
      await eventually(() => seen.status.includes('SUBSCRIBED'), 5000, `${mode} subscribed`)
      const forger = await join(make(), 'forger', false)
      await forger.ch.send({ type: 'broadcast', event: 'tick', payload: { at: 'forged' } })
      await eventually(() => seen.ticks.length >= 3, 5000, `${mode} server ticks`)
      expect(seen.ticks).not.toContain('forged')
    }
  })

  it('is refused to a non-member in both modes', async () => {
    for (const mode of ['postgres_changes', 'broadcast'] as const) {
      const stranger = await user(null)
      await stranger.realtime.setAuth()
      const seen = console(stranger, mode)
      await eventually(() => seen.status.length > 0, 5000, `${mode} join outcome`)
      expect(seen.status[0]).toMatch(/^CHANNEL_ERROR: Unauthorized: You do not have permissions to read/)
    }
  })
})

describe('announcements (floor_announce)', () => {
  it('a supervisor announces: every member on the channel gets it, with its sender and end time', async () => {
    const wall = await join(await user('wallboard'), 'wall-announce')
    const sup = await user('supervisor')
    const { data, error } = await sup.rpc('floor_announce', {
      p_org_id: orgId,
      p_text: '  Huddle at 15:00  ',
      p_minutes: 10,
    })
    expect(error).toBeNull()
    const sent = data as Record<string, string>
    expect(sent.text).toBe('Huddle at 15:00')
    expect(Date.parse(sent.until!) - Date.parse(sent.sent_at!)).toBe(10 * 60_000)
    await eventually(() => wall.got.some((m) => m.event === 'announcement' && m.payload.id === sent.id))
    const got = wall.got.find((m) => m.payload.id === sent.id)!
    expect(got.payload).toMatchObject({
      text: 'Huddle at 15:00',
      from: expect.stringMatching(/@example\.test$/),
    })
  })

  it('refuses a wall display account, a non-member and bad input, each with its reason', async () => {
    const call = async (c: SupabaseClient, text: unknown, minutes: unknown) =>
      (await c.rpc('floor_announce', { p_org_id: orgId, p_text: text, p_minutes: minutes })).error
    const wallErr = await call(await user('wallboard'), 'hi', 5)
    expect(wallErr).toMatchObject({ code: '42501', message: expect.stringMatching(/only supervisors/) })
    expect(await call(await user(null), 'hi', 5)).toMatchObject({ code: '42501' })
    const sup = await user('supervisor')
    expect(await call(sup, '   ', 5)).toMatchObject({
      code: '22023',
      message: expect.stringMatching(/needs a message/),
    })
    expect(await call(sup, 'x'.repeat(281), 5)).toMatchObject({ code: '22001' })
    expect(await call(sup, 'hi', 0)).toMatchObject({
      code: '22023',
      message: expect.stringMatching(/1 to 240/),
    })
    expect(await call(sup, 'hi', 241)).toMatchObject({ code: '22023' })
    expect(await call(make(), 'hi', 5)).toMatchObject({ code: '42501' })
  })
})
