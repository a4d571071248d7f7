// Hostile input in every place a client can write: filter values and keys, select, aliases, casts,
// JSON paths, order, columns, on_conflict, table and function names. Each must fail safely (or match
// nothing) and leave the database as it was.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from '../../src/main/embedded/backend'
import { client, testBackend } from '../helpers/backend'
import { createMember, createOrg, errorCode, type Member, rawRest } from './rest-fixtures'

const DROP = `'); drop table public.rest_victims; --`
const DROP_IDENT = `id" from public.rest_victims; drop table public.rest_victims; --`

let backend: Backend
let svc: SupabaseClient
let member: Member

beforeAll(async () => {
  backend = await testBackend({ demo: false })
  await backend.ctx.db.exec(`
    create table public.rest_victims (id int primary key, name text, data jsonb);
    insert into public.rest_victims values (1, 'one', '{"k": "v"}'), (2, 'two', null);`)
  svc = client(backend, backend.serviceRoleKey)
  member = await createMember(backend, await createOrg(backend, 'Injected'), 'supervisor', 'i@inj.test')
})

afterAll(async () => {
  await backend.stop()
})

let intact: () => Promise<void>
beforeEach(() => {
  intact = async () => {
    const { rows } = await backend.ctx.db.query<{ n: number }>(
      'select count(*)::int as n from public.rest_victims',
    )
    expect(rows[0]!.n).toBe(2)
  }
})

const victims = () => svc.from('rest_victims')

describe('injection attempts fail safely', () => {
  it('filter values are bound parameters, matching nothing', async () => {
    for (const q of [
      victims().select('id').eq('name', DROP),
      victims().select('id').in('name', [DROP, 'a) or (1=1']),
      victims().select('id').like('name', `%${DROP}%`),
      victims().select('id').or(`name.eq."${DROP}"`),
      victims().select('id').eq('data->>k', `v' or '1'='1`),
    ]) {
      const { data, error } = await q
      expect(error).toBeNull()
      expect(data).toEqual([])
    }
    // The client does not escape quotes inside in-list items; such a list simply does not parse.
    const unparsable = await victims().select('id').in('name', ['a") or ("1"="1'])
    expect(unparsable.error?.code).toBe('PGRST100')
    await intact()
  })

  it('hostile column names in filter keys are rejected', async () => {
    for (const key of [`id;drop table public.rest_victims`, DROP_IDENT, 'id)or(1=1', '"id" or 1=1 --']) {
      const res = await rawRest(backend, `rest_victims?select=id&${encodeURIComponent(key)}=eq.1`)
      expect(res.status, key).toBe(400)
      expect(['42703', 'PGRST100'], key).toContain(await errorCode(res))
    }
    await intact()
  })

  it('hostile select lists, casts, aliases and JSON paths are rejected or quoted', async () => {
    for (const select of [
      DROP_IDENT,
      'id,(select 1)',
      'id::int); drop table public.rest_victims; --',
      'data->>k)--',
    ]) {
      const { error, status } = await victims().select(select)
      expect(status, select).toBe(400)
      expect(error?.code, select).toMatch(/^(42703|PGRST100|PGRST200|PGRST123)$/)
    }
    // A hostile alias is just a strange JSON key (the client drops the spaces it thinks are unquoted).
    const alias = await victims().select(`"x\\" from pg_shadow --":name`).eq('id', 1)
    expect(alias.data).toEqual([{ 'x"frompg_shadow--': 'one' }])
    // A hostile JSON key is a bound parameter.
    const path = await rawRest(
      backend,
      `rest_victims?select=data->>${encodeURIComponent(`"k'); drop table x; --"`)}`,
    )
    expect(path.status).toBe(200)
    await intact()
  })

  it('hostile order terms are rejected', async () => {
    for (const order of [
      'id;drop table public.rest_victims',
      'id.desc,(select 1)',
      `${DROP_IDENT}.asc`,
      'id.asc nulls first',
    ]) {
      const res = await rawRest(backend, `rest_victims?select=id&order=${encodeURIComponent(order)}`)
      expect(res.status, order).toBe(400)
    }
    await intact()
  })

  it('hostile columns= and on_conflict= are rejected before any SQL runs', async () => {
    const cols = await rawRest(
      backend,
      `rest_victims?columns=${encodeURIComponent(`"id","name); drop table x; --"`)}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '[{"id": 3}]',
      },
    )
    expect(cols.status).toBe(400)
    expect(await errorCode(cols)).toBe('PGRST204')
    const conflict = await victims().upsert(
      { id: 1, name: 'x' },
      { onConflict: 'id) do nothing; drop table x; --' },
    )
    expect(conflict.status).toBe(400)
    const body = await victims().insert({ id: 3, [DROP_IDENT]: 1 } as never)
    expect(body.error?.code).toBe('PGRST204')
    await intact()
  })

  it('hostile table and function names are simply not found', async () => {
    const table = await svc.from('rest_victims; drop table public.rest_victims; --').select()
    expect(table.status).toBe(404)
    expect(table.error?.code).toBe('PGRST205')
    const fn = await svc.rpc('server_time(); drop table public.rest_victims; --')
    expect(fn.status).toBe(404)
    expect(fn.error?.code).toBe('PGRST202')
    const argName = await svc.rpc('server_time', { [DROP_IDENT]: 1 })
    expect(argName.status).toBe(404)
    await intact()
  })

  it('neither profile headers nor hostile claims reach beyond the caller’s role', async () => {
    const profile = await rawRest(backend, 'rest_victims?select=id', {
      token: member.token,
      headers: { 'Accept-Profile': 'pg_catalog' },
    })
    expect(profile.status).toBe(406)
    // Claims are bound as one JSON setting; a hostile `sub` only fails to be a uuid inside the policy.
    const token = backend.ctx.sign({
      role: 'authenticated',
      sub: DROP,
      exp: Math.floor(Date.now() / 1000) + 60,
    })
    const res = await rawRest(backend, 'orgs?select=id', { token })
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('22P02')
    await intact()
  })
})
