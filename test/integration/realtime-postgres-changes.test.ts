// postgres_changes through unmodified supabase-js: INSERT/UPDATE/DELETE payloads on both serializers,
// old_record by replica identity and RLS, `select`, columns metadata, one message for several bindings,
// RLS isolation between organisations, token changes and token expiry.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
const clients: SupabaseClient[] = []
type Change = {
  eventType: string
  new: Record<string, unknown>
  old: Record<string, unknown>
  [k: string]: unknown
}
type Binding = { event: '*' | 'INSERT' | 'UPDATE' | 'DELETE'; schema: string; table: string; filter?: string }

beforeAll(async () => {
  backend = await testBackend({ demo: false, config: { realtime: { joinErrorDelayMs: 0 } } })
  await backend.ctx.db.exec(`
    create table public.rt_items (id int primary key, name text, qty int, tags text[], meta jsonb, at timestamptz, flag bool);
    create table public.rt_full (id int primary key, name text, secret text);
    alter table public.rt_full replica identity full;
    create table public.rt_nopk (name text);
    alter table public.rt_nopk replica identity full;
    alter publication supabase_realtime add table public.rt_items, public.rt_full, public.rt_nopk;`)
  await backend.ctx.db.ensureCapture()
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  await backend.stop()
})

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  backend.ctx.db.query<T>(text, params)
const nowSec = () => Math.floor(Date.now() / 1000)

function anonClient(vsn?: '1.0.0' | '2.0.0'): SupabaseClient {
  const c = client(backend, backend.anonKey, vsn ? { vsn } : {})
  clients.push(c)
  return c
}

async function userClient(token: () => string): Promise<SupabaseClient> {
  const c = createClient(backend.url, backend.anonKey, {
    accessToken: async () => token(),
    realtime: { transport: WebSocket as never },
  })
  clients.push(c)
  await c.realtime.setAuth()
  return c
}

async function listen(c: SupabaseClient, name: string, bindings: Binding[]) {
  const events: Change[] = []
  const system: Record<string, unknown>[] = []
  const ch: RealtimeChannel = c.channel(name)
  for (const b of bindings) ch.on('postgres_changes' as never, b, (p: Change) => events.push(p))
  ch.on('system', {}, (p) => system.push(p))
  const status = await new Promise<string>((resolve) =>
    ch.subscribe((s, err) => resolve(err ? `${s} ${err.message}` : s)),
  )
  expect(status).toBe('SUBSCRIBED')
  await eventually(
    () => system.some((s) => s.extension === 'postgres_changes'),
    5000,
    'the postgres_changes system message',
  )
  return { ch, events, system }
}

/** An organisation with one member; returns the member's token. */
async function orgWithUser(name: string): Promise<{ orgId: string; token: string; userId: string }> {
  const userId = randomUUID()
  await sql('insert into auth.users (id, email) values ($1, $2)', [userId, `${userId}@example.com`])
  const org = await sql<{ id: string }>('insert into public.orgs (name) values ($1) returning id', [name])
  const orgId = org.rows[0]!.id
  await sql(`insert into public.memberships (org_id, user_id, role) values ($1, $2, 'supervisor')`, [
    orgId,
    userId,
  ])
  const token = backend.ctx.sign({
    role: 'authenticated',
    sub: userId,
    aud: 'authenticated',
    exp: nowSec() + 3600,
  })
  return { orgId, token, userId }
}

describe.each(['2.0.0', '1.0.0'] as const)('row changes on vsn %s', (vsn) => {
  it('delivers INSERT, UPDATE and DELETE with typed values and default-identity old records', async () => {
    const base = vsn === '2.0.0' ? 100 : 200
    const { events, system } = await listen(anonClient(vsn), `items-${vsn}`, [
      { event: '*', schema: 'public', table: 'rt_items' },
    ])
    expect(system[0]).toMatchObject({
      extension: 'postgres_changes',
      status: 'ok',
      message: 'Subscribed to PostgreSQL',
    })
    await sql(
      `insert into public.rt_items values ($1, 'a', 3, '{x,y}', '{"k":1}', '2026-01-02T03:04:05.678Z', true)`,
      [base],
    )
    await sql(`update public.rt_items set qty = 4, name = 'b' where id = $1`, [base])
    await sql(`delete from public.rt_items where id = $1`, [base])
    await eventually(() => events.length >= 3)
    const [ins, upd, del] = events as [Change, Change, Change]
    expect(ins).toMatchObject({
      schema: 'public',
      table: 'rt_items',
      eventType: 'INSERT',
      errors: null,
      old: {},
    })
    expect(ins.new).toEqual({
      id: base,
      name: 'a',
      qty: 3,
      tags: ['x', 'y'],
      meta: { k: 1 },
      at: '2026-01-02T03:04:05.678+00:00',
      flag: true,
    })
    expect(ins.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(upd).toMatchObject({
      eventType: 'UPDATE',
      new: { id: base, name: 'b', qty: 4 },
      old: { id: base },
    })
    expect(Object.keys(upd.old)).toEqual(['id'])
    expect(del).toMatchObject({ eventType: 'DELETE', new: {}, old: { id: base } })
    expect(Object.keys(del.old)).toEqual(['id'])
  })
})

describe('payload shape', () => {
  it('lists columns with typnames and sends one message listing every matching binding', async () => {
    // The wire itself is the behaviour here, so this one talks raw Phoenix frames.
    const ws = new WebSocket(
      `${backend.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${backend.anonKey}&vsn=2.0.0`,
    )
    const frames: unknown[][] = []
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as unknown[]))
    await new Promise((resolve) => ws.once('open', resolve))
    const changes = [
      { event: 'INSERT', schema: 'public', table: 'rt_items' },
      { event: '*', schema: 'public', table: 'rt_items', filter: 'qty=gt.1' },
      { event: 'DELETE', schema: 'public', table: 'rt_items' },
    ]
    ws.send(
      JSON.stringify(['1', '1', 'realtime:shape', 'phx_join', { config: { postgres_changes: changes } }]),
    )
    await eventually(() => frames.some((f) => f[3] === 'system'))
    const reply = frames.find((f) => f[1] === '1')![4] as { response: { postgres_changes: { id: number }[] } }
    const ids = reply.response.postgres_changes.map((c) => c.id)
    expect(reply.response.postgres_changes).toEqual(changes.map((c, i) => ({ ...c, id: ids[i] })))
    await sql(`insert into public.rt_items (id, name, qty) values (300, 'x', 5)`)
    await sql(`insert into public.rt_items (id, name, qty) values (301, 'y', 0)`)
    await eventually(() => frames.filter((f) => f[3] === 'postgres_changes').length >= 2)
    ws.close()
    const [first, second] = frames.filter((f) => f[3] === 'postgres_changes') as [unknown[], unknown[]]
    expect(first.slice(0, 3)).toEqual([null, null, 'realtime:shape'])
    const payload = first[4] as { ids: number[]; data: Record<string, unknown> }
    expect(payload.ids.sort()).toEqual([ids[0], ids[1]].sort())
    expect((second[4] as { ids: number[] }).ids).toEqual([ids[0]])
    expect(payload.data.columns).toEqual([
      { name: 'id', type: 'int4' },
      { name: 'name', type: 'text' },
      { name: 'qty', type: 'int4' },
      { name: 'tags', type: '_text' },
      { name: 'meta', type: 'jsonb' },
      { name: 'at', type: 'timestamptz' },
      { name: 'flag', type: 'bool' },
    ])
  })

  it('REPLICA IDENTITY FULL sends whole old records, `select` narrows columns to the list plus the key', async () => {
    const { events } = await listen(anonClient(), 'full', [
      { event: '*', schema: 'public', table: 'rt_full' },
    ])
    const narrow = await listen(anonClient(), 'narrow', [
      { event: '*', schema: 'public', table: 'rt_full', select: ['name'] } as Binding,
    ])
    await sql(`insert into public.rt_full values (1, 'n', 's')`)
    await sql(`update public.rt_full set name = 'm' where id = 1`)
    await sql(`delete from public.rt_full where id = 1`)
    await eventually(() => events.length >= 3 && narrow.events.length >= 3)
    expect(events[1]!.old).toEqual({ id: 1, name: 'n', secret: 's' })
    expect(events[2]!.old).toEqual({ id: 1, name: 'm', secret: 's' })
    expect(narrow.events[0]!.new).toEqual({ id: 1, name: 'n' })
    expect(narrow.events[1]!.old).toEqual({ id: 1, name: 'n' })
  })

  it('a table without primary key yields the real error record', async () => {
    const { events } = await listen(anonClient(), 'nopk', [
      { event: '*', schema: 'public', table: 'rt_nopk' },
    ])
    await sql(`insert into public.rt_nopk values ('z')`)
    await eventually(() => events.length >= 1)
    expect(events[0]).toMatchObject({
      eventType: 'INSERT',
      new: {},
      errors: ['Error 400: Bad Request, no primary key'],
    })
  })

  it('reports an unpublished table as a system error after a successful join', async () => {
    const { system } = await listen(anonClient(), 'missing', [
      { event: 'INSERT', schema: 'public', table: 'nothere' },
    ])
    expect(system[0]).toEqual({
      extension: 'postgres_changes',
      status: 'error',
      channel: 'missing',
      message:
        'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: INSERT, schema: public, table: nothere, filters: [], select: nil]',
    })
  })
})

describe('row level security', () => {
  let a: Awaited<ReturnType<typeof orgWithUser>>
  let b: Awaited<ReturnType<typeof orgWithUser>>

  beforeAll(async () => {
    a = await orgWithUser('Org A')
    b = await orgWithUser('Org B')
  })

  const insertCall = async (orgId: string, caller: string) => {
    const res = await sql<{ id: string }>(
      `insert into public.calls (org_id, caller_masked) values ($1, $2) returning id`,
      [orgId, caller],
    )
    return res.rows[0]!.id
  }

  it('a member of org A never receives org B rows, nor their deletes; its own deletes carry only the key', async () => {
    const userA = await userClient(() => a.token)
    const { events } = await listen(userA, 'calls-a', [{ event: '*', schema: 'public', table: 'calls' }])
    const idB = await insertCall(b.orgId, 'b-secret')
    const idA = await insertCall(a.orgId, 'a-1')
    await sql(`update public.calls set status = 'ringing' where id = any($1::uuid[])`, [[idA, idB]])
    // RLS for INSERT/UPDATE is judged on the row's current state: let the update arrive before deleting.
    await eventually(() => events.some((e) => e.eventType === 'UPDATE'))
    await sql(`delete from public.calls where id = any($1::uuid[])`, [[idA, idB]])
    const marker = await insertCall(a.orgId, 'a-2')
    await eventually(() => events.some((e) => e.new.id === marker))
    const rows = events.filter((e) => e.eventType !== 'DELETE')
    expect(rows.map((e) => [e.eventType, e.new.caller_masked])).toEqual([
      ['INSERT', 'a-1'],
      ['UPDATE', 'a-1'],
      ['INSERT', 'a-2'],
    ])
    expect(JSON.stringify(events)).not.toContain('b-secret')
    expect(JSON.stringify(events)).not.toContain(b.orgId)
    expect(JSON.stringify(events)).not.toContain(idB)
    // Hosted Realtime sends every DELETE unchecked; we send it only to those who could read the row (item 3).
    const deletes = events.filter((e) => e.eventType === 'DELETE')
    expect(deletes).toEqual([expect.objectContaining({ old: { id: idA } })])
  })

  it('a role without privileges on the table hears nothing of it: no data, no error records', async () => {
    const { events } = await listen(anonClient(), 'calls-anon', [
      { event: 'INSERT', schema: 'public', table: 'calls' },
    ])
    const marker = await listen(anonClient(), 'marker-anon', [
      { event: 'INSERT', schema: 'public', table: 'rt_items' },
    ])
    await insertCall(a.orgId, 'hidden-from-anon')
    await sql(`insert into public.rt_items (id, name) values (990001, 'marker')`)
    await eventually(() => marker.events.length === 1)
    expect(events).toEqual([])
  })

  it('an access_token change re-checks as the new user and re-announces the subscription', async () => {
    let current = a.token
    const c = await userClient(() => current)
    const { events, system } = await listen(c, 'switch', [
      { event: 'INSERT', schema: 'public', table: 'calls' },
    ])
    await insertCall(a.orgId, 'first-a')
    await eventually(() => events.length === 1)
    current = b.token
    await c.realtime.setAuth()
    await eventually(() => system.length >= 2, 5000, 'the re-announced subscription')
    expect(system[1]).toMatchObject({ status: 'ok', message: 'Subscribed to PostgreSQL' })
    await insertCall(a.orgId, 'second-a')
    await insertCall(b.orgId, 'first-b')
    await eventually(() => events.length === 2)
    expect(events.map((e) => e.new.caller_masked)).toEqual(['first-a', 'first-b'])
  })

  it('an expired token closes the channel with the system error and no rejoin', async () => {
    const short = backend.ctx.sign({
      role: 'authenticated',
      sub: a.userId,
      aud: 'authenticated',
      exp: nowSec() + 2,
    })
    const c = await userClient(() => short)
    const statuses: string[] = []
    const system: Record<string, unknown>[] = []
    const ch = c.channel('expiring').on('system', {}, (p) => system.push(p))
    ch.subscribe((s) => statuses.push(s))
    await eventually(() => statuses.includes('SUBSCRIBED'))
    await eventually(() => statuses.includes('CLOSED'), 6000, 'the channel to close at expiry')
    expect(system.at(-1)).toMatchObject({ extension: 'system', status: 'error' })
    expect(String(system.at(-1)!.message)).toMatch(/^Token has expired \d+ seconds ago$/)
    expect(statuses).not.toContain('CHANNEL_ERROR')
  })

  it('an invalid access_token push shuts the channel down', async () => {
    let current = a.token
    const c = await userClient(() => current)
    const statuses: string[] = []
    const system: Record<string, unknown>[] = []
    const ch = c.channel('bad-push').on('system', {}, (p) => system.push(p))
    ch.subscribe((s) => statuses.push(s))
    await eventually(() => statuses.includes('SUBSCRIBED'))
    current = 'not-a-jwt'
    await c.realtime.setAuth()
    await eventually(() => statuses.includes('CLOSED'))
    expect(system.at(-1)).toMatchObject({ status: 'error', message: 'The token provided is not a valid JWT' })
  })
})
