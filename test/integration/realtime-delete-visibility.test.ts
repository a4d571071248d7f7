// Issue 12 item 3: a DELETE (and an error record) reaches only subscribers who could have read the row, so
// neither deletes nor filters on them act as an oracle. Real supabase-js clients, real RLS policies.
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
  errors: unknown
}
type Binding = { event: string; schema: string; table: string; filter?: string }

beforeAll(async () => {
  backend = await testBackend({ demo: false, config: { realtime: { joinErrorDelayMs: 0 } } })
  // A table the anon role may read only partly (no key column), behind a policy on a column it may read.
  await backend.ctx.db.exec(`
    create table public.rt_partial (id int primary key, name text, shown bool);
    alter table public.rt_partial replica identity full;
    alter table public.rt_partial enable row level security;
    revoke all on public.rt_partial from anon;
    grant select (name, shown) on public.rt_partial to anon;
    create policy rt_partial_shown on public.rt_partial for select to anon using (shown);
    create policy rt_partial_members on public.rt_partial for select to authenticated using (true);
    create policy rt_partial_no_secret on public.rt_partial as restrictive for select using (name <> 'secret');
    alter publication supabase_realtime add table public.rt_partial;`)
  await backend.ctx.db.ensureCapture()
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  await backend.stop()
})

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  backend.ctx.db.query<T>(text, params)

async function member(orgName: string): Promise<{ orgId: string; client: SupabaseClient }> {
  const userId = randomUUID()
  await sql('insert into auth.users (id, email) values ($1, $2)', [userId, `${userId}@example.com`])
  const org = await sql<{ id: string }>('insert into public.orgs (name) values ($1) returning id', [orgName])
  const orgId = org.rows[0]!.id
  await sql(`insert into public.memberships (org_id, user_id, role) values ($1, $2, 'supervisor')`, [
    orgId,
    userId,
  ])
  const token = backend.ctx.sign({
    role: 'authenticated',
    sub: userId,
    aud: 'authenticated',
    exp: Math.floor(Date.now() / 1000) + 3600,
  })
  const c = createClient(backend.url, backend.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as never },
  })
  clients.push(c)
  await c.realtime.setAuth()
  return { orgId, client: c }
}

async function listen(c: SupabaseClient, name: string, bindings: Binding[]) {
  const events: { binding: number; change: Change }[] = []
  let subscribed = false
  const ch: RealtimeChannel = c.channel(name)
  bindings.forEach((b, i) =>
    ch.on('postgres_changes' as never, b, (p: Change) => events.push({ binding: i, change: p })),
  )
  ch.on('system', {}, (p: { extension?: string }) => (subscribed ||= p.extension === 'postgres_changes'))
  await new Promise<void>((resolve, reject) =>
    ch.subscribe((s, err) => (s === 'SUBSCRIBED' ? resolve() : reject(err ?? new Error(s)))),
  )
  await eventually(() => subscribed, 5000, 'the postgres_changes system message')
  return events
}

async function insertCall(orgId: string, caller: string): Promise<string> {
  const res = await sql<{ id: string }>(
    `insert into public.calls (org_id, caller_masked) values ($1, $2) returning id`,
    [orgId, caller],
  )
  return res.rows[0]!.id
}

describe('deletes reach only those who could see the row', () => {
  it("a stranger hears nothing of another org's deletes, filtered or not; the org's member does", async () => {
    const a = await member('Victim org')
    const b = await member('Stranger org')
    const deletes = { event: 'DELETE', schema: 'public', table: 'calls' }
    // Binding 1 is the oracle probe: it matches only if the deleted row's caller starts with "sec".
    const stranger = await listen(b.client, 'stranger', [
      deletes,
      { ...deletes, filter: 'caller_masked=like.sec%' },
    ])
    const owner = await listen(a.client, 'owner', [
      deletes,
      { ...deletes, filter: 'caller_masked=like.sec%' },
    ])

    const victim = await insertCall(a.orgId, 'secret-caller')
    await sql('delete from public.calls where id = $1', [victim])
    const marker = await insertCall(b.orgId, 'marker')
    await sql('delete from public.calls where id = $1', [marker])

    await eventually(
      () => stranger.some((e) => e.change.old.id === marker),
      5000,
      "the stranger's own delete",
    )
    await eventually(() => owner.filter((e) => e.change.old.id === victim).length === 2, 5000, 'the owner')
    expect(stranger.map((e) => [e.binding, e.change.old])).toEqual([[0, { id: marker }]])
    // The member sees its own delete on both bindings, the key only (RLS on: hosted cuts old_record).
    expect(owner.map((e) => [e.binding, e.change.old])).toEqual([
      [0, { id: victim }],
      [1, { id: victim }],
    ])
  })

  it('the row image is judged by the policies as the subscriber: restrictive and role-specific ones too', async () => {
    const anon = client(backend)
    clients.push(anon)
    const events = await listen(anon, 'partial', [{ event: '*', schema: 'public', table: 'rt_partial' }])
    await sql(
      `insert into public.rt_partial values (1, 'hidden', false), (2, 'shown', true), (6, 'secret', true)`,
    )
    await sql('delete from public.rt_partial where id in (1, 2, 6)')
    await sql(`insert into public.rt_partial values (3, 'marker', true)`)
    await eventually(() => events.length >= 3, 5000, 'the marker')
    // Without SELECT on the key column the role gets the real error records, and only for rows it may read.
    expect(events.map((e) => [e.change.eventType, e.change.errors])).toEqual([
      ['INSERT', ['Error 401: Unauthorized']],
      ['DELETE', null],
      ['INSERT', ['Error 401: Unauthorized']],
    ])
  })

  it('a role with no privilege on the table hears nothing of it, not even error records', async () => {
    const anon = client(backend)
    clients.push(anon)
    const events = await listen(anon, 'calls-anon', [{ event: '*', schema: 'public', table: 'calls' }])
    const { orgId } = await member('Quiet org')
    const id = await insertCall(orgId, 'hidden-from-anon')
    await sql('delete from public.calls where id = $1', [id])
    await sql(`insert into public.rt_partial values (4, 'marker', true)`)
    const marker = await listen(anon, 'marker', [{ event: 'INSERT', schema: 'public', table: 'rt_partial' }])
    await sql(`insert into public.rt_partial values (5, 'marker', true)`)
    await eventually(() => marker.length >= 1, 5000, 'the marker')
    expect(events).toEqual([])
  })
})
