// /rpc through the unmodified supabase-js client: the Floorwatch functions (alert_action, server_time)
// as real users, and scalar, set, table, void and JSON-argument functions with filters and counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from '../../src/main/embedded/backend'
import { client, testBackend } from '../helpers/backend'
import { createMember, createOrg, errorCode, type Member, rawRest } from './rest-fixtures'

let backend: Backend
let svc: SupabaseClient
let supervisor: Member
let wallboard: Member
let outsider: Member
let alertId: string

beforeAll(async () => {
  backend = await testBackend({ demo: false })
  const { db } = backend.ctx
  await db.exec(`
    create table public.rest_things (id int primary key, label text);
    insert into public.rest_things select g, 'thing ' || g from generate_series(1, 6) g;
    create function public.rest_add(a int, b int default 10) returns int language sql as $$ select a + b $$;
    create function public.rest_sum(xs int[]) returns int language sql as $$ select sum(x)::int from unnest(xs) x $$;
    create function public.rest_series(n int) returns setof int language sql as $$ select generate_series(1, n) $$;
    create function public.rest_things_from(min_id int) returns setof public.rest_things language sql stable
      as $$ select * from public.rest_things where id >= min_id order by id $$;
    create function public.rest_pairs() returns table (k text, v int) language sql
      as $$ values ('a', 1), ('b', 2) $$;
    create function public.rest_touch(label text) returns void language sql
      as $$ insert into public.rest_things values (100, label) $$;
    create function public.rest_echo(json) returns json language sql as $$ select $1 $$;
    create function public.rest_whoami() returns json language sql stable as $$
      select json_build_object('uid', auth.uid(), 'role', current_user,
        'method', current_setting('request.method', true),
        'client', current_setting('request.headers', true)::json ->> 'x-client-info') $$;`)
  svc = client(backend, backend.serviceRoleKey)
  const orgId = await createOrg(backend, 'Rpc Org')
  supervisor = await createMember(backend, orgId, 'supervisor', 'sup@rpc.test')
  wallboard = await createMember(backend, orgId, 'wallboard', 'wall@rpc.test')
  outsider = await createMember(backend, await createOrg(backend, 'Other Org'), 'supervisor', 'out@rpc.test')
  const { rows } = await db.query<{ id: string }>(
    `insert into public.alerts (org_id, severity, title) values ($1, 'critical', 'Queue wait over SLA') returning id`,
    [orgId],
  )
  alertId = rows[0]!.id
})

afterAll(async () => {
  await backend.stop()
})

describe('Floorwatch functions', () => {
  it('server_time answers anyone with the server clock', async () => {
    const { data, error, status } = await client(backend).rpc('server_time')
    expect(error).toBeNull()
    expect(status).toBe(200)
    expect(Math.abs(Date.parse(data as string) - Date.now())).toBeLessThan(60_000)
  })

  it('alert_action lets a supervisor acknowledge, returning the alert as an object', async () => {
    const eventId = '11111111-1111-4111-8111-111111111111'
    const args = { p_alert_id: alertId, p_kind: 'ack', p_comment: 'on it', p_client_event_id: eventId }
    const { data, error, status } = await supervisor.client.rpc('alert_action', args)
    expect(error).toBeNull()
    expect(status).toBe(200)
    expect(data).toMatchObject({ id: alertId, status: 'acknowledged', acknowledged_by: supervisor.userId })
    // A replay from the outbox is applied once.
    await supervisor.client.rpc('alert_action', args)
    const events = await svc
      .from('alert_events')
      .select('kind, comment', { count: 'exact' })
      .eq('alert_id', alertId)
    expect(events.count).toBe(1)
    expect(events.data).toEqual([{ kind: 'ack', comment: 'on it' }])
  })

  it('alert_action refuses a wallboard with 403 42501', async () => {
    const { error, status } = await wallboard.client.rpc('alert_action', {
      p_alert_id: alertId,
      p_kind: 'resolve',
    })
    expect(status).toBe(403)
    expect(error).toMatchObject({ code: '42501', message: 'only supervisors and admins may act on alerts' })
  })

  it('alert_action hides another organisation’s alert', async () => {
    const { error, status } = await outsider.client.rpc('alert_action', {
      p_alert_id: alertId,
      p_kind: 'resolve',
    })
    expect(status).toBe(404)
    expect(error).toMatchObject({ code: 'PT404', message: `alert ${alertId} not found` })
    expect(error?.hint).toContain('another organisation')
  })

  it('alert_action is not executable by anon (401) and validates its input (400)', async () => {
    const anon = await client(backend).rpc('alert_action', { p_alert_id: alertId, p_kind: 'ack' })
    expect(anon.status).toBe(401)
    expect(anon.error?.code).toBe('42501')
    const bad = await supervisor.client.rpc('alert_action', { p_alert_id: alertId, p_kind: 'explode' })
    expect(bad.status).toBe(400)
    expect(bad.error).toMatchObject({ code: '22023', message: 'unknown alert action "explode"' })
  })

  it('runs as the caller, with the request visible to SQL', async () => {
    const { data } = await supervisor.client.rpc('rest_whoami')
    expect(data).toMatchObject({ uid: supervisor.userId, role: 'authenticated', method: 'POST' })
    expect((data as { client: string }).client).toMatch(/^supabase-js/)
  })
})

describe('calling conventions', () => {
  it('passes named arguments by POST and GET, with defaults', async () => {
    expect((await svc.rpc('rest_add', { a: 1, b: 2 })).data).toBe(3)
    expect((await svc.rpc('rest_add', { a: 1 })).data).toBe(11)
    expect((await svc.rpc('rest_add', { a: 4, b: 5 }, { get: true })).data).toBe(9)
  })

  it('converts array arguments from JSON and from the {…} query syntax', async () => {
    expect((await svc.rpc('rest_sum', { xs: [1, 2, 3] })).data).toBe(6)
    expect((await svc.rpc('rest_sum', { xs: [4, 5] }, { get: true })).data).toBe(9)
  })

  it('returns sets of scalars as arrays, with counts', async () => {
    expect((await svc.rpc('rest_series', { n: 3 })).data).toEqual([1, 2, 3])
    const head = await svc.rpc('rest_series', { n: 5 }, { head: true, count: 'exact' })
    expect(head.count).toBe(5)
    expect(head.data).toBeNull()
  })

  it('treats set-returning functions like tables: select, filter, order, range, count', async () => {
    const res = await svc
      .rpc('rest_things_from', { min_id: 2 }, { count: 'exact' })
      .select('id, name:label')
      .lt('id', 6)
      .order('id', { ascending: false })
      .range(0, 1)
    expect(res.error).toBeNull()
    expect(res.status).toBe(206)
    expect(res.count).toBe(4)
    expect(res.data).toEqual([
      { id: 5, name: 'thing 5' },
      { id: 4, name: 'thing 4' },
    ])
    const get = await svc.rpc('rest_things_from', { min_id: 5 }, { get: true }).select('id').eq('id', 6)
    expect(get.data).toEqual([{ id: 6 }])
    const bad = await svc.rpc('rest_things_from', { min_id: 1 }).select('nope')
    expect(bad.error?.code).toBe('42703')
  })

  it('returns table(...) functions as rows and single() of them as an object', async () => {
    expect((await svc.rpc('rest_pairs')).data).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ])
    expect((await svc.rpc('rest_pairs').eq('k', 'b').single()).data).toEqual({ k: 'b', v: 2 })
  })

  it('answers void functions with 204', async () => {
    const res = await svc.rpc('rest_touch', { label: 'touched' })
    expect(res.status).toBe(204)
    expect(res.error).toBeNull()
    expect((await svc.from('rest_things').select('label').eq('id', 100).single()).data).toEqual({
      label: 'touched',
    })
  })

  it('passes the whole body to a function of one unnamed json parameter', async () => {
    expect((await svc.rpc('rest_echo', { any: ['thing', 1] })).data).toEqual({ any: ['thing', 1] })
  })

  it('runs GET calls read-only, so a writing function answers 405', async () => {
    const res = await svc.rpc('rest_touch', { label: 'nope' }, { get: true })
    expect(res.status).toBe(405)
    expect(res.error?.code).toBe('25006')
  })

  it('answers an unknown function or argument set with 404 PGRST202', async () => {
    const missing = await svc.rpc('no_such_fn', { x: 1 })
    expect(missing.status).toBe(404)
    expect(missing.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.no_such_fn(x) in the schema cache',
    })
    const wrongArgs = await svc.rpc('rest_add', { a: 1, c: 2 })
    expect(wrongArgs.status).toBe(404)
    expect(wrongArgs.error?.code).toBe('PGRST202')
  })

  it('answers a non-object body with PGRST102', async () => {
    const res = await rawRest(backend, 'rpc/rest_add', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":',
    })
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('PGRST102')
  })
})
