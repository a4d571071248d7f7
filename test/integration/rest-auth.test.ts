// Who may see and change what: JWT checks, anon, and row-level security between two organisations, all
// decided by Postgres because every request runs as the caller's role with its claims.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from '../../src/main/embedded/backend'
import { signJwt } from '../../src/main/embedded/jwt'
import { client, testBackend } from '../helpers/backend'
import { clientWithToken, createMember, createOrg, rawRest, type Member } from './rest-fixtures'

let backend: Backend
let svc: SupabaseClient
let a: Member
let b: Member
let adminA: Member

const nowSec = (): number => Math.floor(Date.now() / 1000)

beforeAll(async () => {
  backend = await testBackend({ demo: false })
  svc = client(backend, backend.serviceRoleKey)
  const orgA = await createOrg(backend, 'Org A')
  const orgB = await createOrg(backend, 'Org B')
  a = await createMember(backend, orgA, 'supervisor', 'a@auth.test')
  b = await createMember(backend, orgB, 'supervisor', 'b@auth.test')
  adminA = await createMember(backend, orgA, 'admin', 'admin-a@auth.test')
  await backend.ctx.db.query(
    `insert into public.calls (org_id, status, caller_masked)
     select $1::uuid, 'queued', 'A-' || g from generate_series(1, 3) g
     union all select $2::uuid, 'active', 'B-' || g from generate_series(1, 2) g`,
    [orgA, orgB],
  )
})

afterAll(async () => {
  await backend.stop()
})

describe('row-level security', () => {
  it('shows each user only their own organisation', async () => {
    const seenByA = await a.client
      .from('calls')
      .select('caller_masked', { count: 'exact' })
      .order('caller_masked')
    expect(seenByA.data?.map((r) => r.caller_masked)).toEqual(['A-1', 'A-2', 'A-3'])
    expect(seenByA.count).toBe(3)
    const seenByB = await b.client.from('calls').select('caller_masked, org_id')
    expect(seenByB.data?.every((r) => r.org_id === b.orgId)).toBe(true)
    expect(seenByB.data).toHaveLength(2)
    expect((await svc.from('calls').select('*', { count: 'exact', head: true })).count).toBe(5)
  })

  it('cannot be widened by filters', async () => {
    const direct = await a.client.from('calls').select('id').eq('org_id', b.orgId)
    expect(direct.data).toEqual([])
    const tricky = await a.client
      .from('calls')
      .select('org_id')
      .or(`org_id.eq.${b.orgId},org_id.neq.${b.orgId}`)
    expect(new Set(tricky.data?.map((r) => r.org_id))).toEqual(new Set([a.orgId]))
    const orgs = await a.client.from('orgs').select('name')
    expect(orgs.data).toEqual([{ name: 'Org A' }])
  })

  it('lets an admin write only inside their organisation', async () => {
    const own = await adminA.client.from('queues').insert({ org_id: a.orgId, name: 'Sales' }).select('name')
    expect(own.status).toBe(201)
    expect(own.data).toEqual([{ name: 'Sales' }])
    const other = await adminA.client.from('queues').insert({ org_id: b.orgId, name: 'Sneaky' })
    expect(other.status).toBe(403)
    expect(other.error?.code).toBe('42501')
    expect(other.error?.message).toContain('row-level security')
    await svc.from('queues').insert({ org_id: b.orgId, name: 'B queue' })
    const update = await adminA.client
      .from('queues')
      .update({ name: 'Hijacked' }, { count: 'exact' })
      .eq('org_id', b.orgId)
    expect(update.count).toBe(0)
    expect((await svc.from('queues').select('name').eq('org_id', b.orgId)).data).toEqual([
      { name: 'B queue' },
    ])
  })

  it('refuses writes the grants do not allow with 403', async () => {
    const res = await a.client.from('calls').insert({ org_id: a.orgId })
    expect(res.status).toBe(403)
    expect(res.error).toMatchObject({ code: '42501', message: 'permission denied for table calls' })
    const del = await a.client.from('calls').delete().eq('org_id', a.orgId)
    expect(del.status).toBe(403)
  })

  it('gives anon nothing: 401 on the tables, with a WWW-Authenticate challenge', async () => {
    const anon = client(backend)
    for (const table of ['calls', 'orgs', 'alerts', 'memberships']) {
      const { data, error, status } = await anon.from(table).select()
      expect(status, table).toBe(401)
      expect(error?.code, table).toBe('42501')
      expect(data, table).toBeNull()
    }
    const raw = await rawRest(backend, 'calls', { token: backend.anonKey })
    expect(raw.headers.get('www-authenticate')).toBe('Bearer')
  })
})

describe('JWT verification', () => {
  it('answers a malformed or forged token with 401 PGRST301', async () => {
    for (const token of [
      'not-a-jwt',
      signJwt({ role: 'service_role', exp: nowSec() + 60 }, 'wrong secret'),
    ]) {
      const { error, status } = await clientWithToken(backend, token).from('calls').select()
      expect(status).toBe(401)
      expect(error?.code).toBe('PGRST301')
      const raw = await rawRest(backend, 'calls', { token })
      expect(raw.headers.get('www-authenticate')).toMatch(
        /^Bearer error="invalid_token", error_description="/,
      )
    }
  })

  it('answers an expired token with 401 PGRST303 JWT expired', async () => {
    const token = backend.ctx.sign({ role: 'authenticated', sub: a.userId, exp: nowSec() - 10 })
    const { error, status } = await clientWithToken(backend, token).from('calls').select()
    expect(status).toBe(401)
    expect(error).toMatchObject({ code: 'PGRST303', message: 'JWT expired' })
    const raw = await rawRest(backend, 'calls', { token })
    expect(raw.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", error_description="JWT expired"',
    )
  })

  it('answers a role that is not an API role with 401 22023', async () => {
    const token = backend.ctx.sign({ role: 'postgres', exp: nowSec() + 60 })
    const { error, status } = await clientWithToken(backend, token).from('calls').select()
    expect(status).toBe(401)
    expect(error).toMatchObject({ code: '22023', message: 'role "postgres" does not exist' })
  })

  it('falls back to the apikey header when there is no Authorization', async () => {
    const res = await fetch(`${backend.url}/rest/v1/calls?select=id`, {
      headers: { apikey: backend.serviceRoleKey },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toHaveLength(5)
  })
})
