// Refresh-token rotation, reuse detection and token expiry, through the unmodified supabase-js.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createClient, type Session } from '@supabase/supabase-js'
import { DEFAULT_CONFIG } from '../../src/main/embedded/context'
import { createUser } from '../../src/main/embedded/auth'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
let shortLived: Backend
const password = 'rotate-me-please'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function signIn(b: Backend, email: string): Promise<Session> {
  const { data, error } = await client(b).auth.signInWithPassword({ email, password })
  if (error) throw error
  return data.session!
}

function rawRefresh(b: Backend, refreshToken: string) {
  return fetch(`${b.url}/auth/v1/token?grant_type=refresh_token`, {
    method: 'POST',
    headers: { apikey: b.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  })
}

beforeAll(async () => {
  // A one-second reuse interval so that "after the interval" takes a second, not ten.
  backend = await testBackend({
    demo: false,
    config: { auth: { ...DEFAULT_CONFIG.auth, refreshTokenReuseIntervalSeconds: 1 } },
  })
  shortLived = await testBackend({ demo: false, config: { jwtExpirySeconds: 10 } })
  await createUser(backend.ctx, { email: 'ops@example.com', password })
  const { id } = await createUser(shortLived.ctx, { email: 'night@example.com', password })
  const orgId = 'c0000000-0000-4000-8000-000000000001'
  await shortLived.ctx.db.query("insert into public.orgs (id, name) values ($1, 'Night shift')", [orgId])
  await shortLived.ctx.db.query("insert into public.memberships values ($1, $2, 'supervisor')", [orgId, id])
})
afterAll(async () => {
  await backend?.stop()
  await shortLived?.stop()
})

describe('refresh token rotation', () => {
  it('swaps each refresh token for a new one and a fresh access token for the same session', async () => {
    const first = await signIn(backend, 'ops@example.com')
    const supabase = client(backend)
    const { data, error } = await supabase.auth.refreshSession({ refresh_token: first.refresh_token })
    expect(error).toBeNull()
    expect(data.session!.refresh_token).not.toBe(first.refresh_token)
    const claims = (t: string) =>
      JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as { session_id: string }
    expect(claims(data.session!.access_token).session_id).toBe(claims(first.access_token).session_id)
    expect((await supabase.auth.getUser()).data.user?.email).toBe('ops@example.com')
  })

  it('answers a retried (revoked) token within the reuse interval with the current child', async () => {
    const first = await signIn(backend, 'ops@example.com')
    const child = (await (await rawRefresh(backend, first.refresh_token)).json()) as { refresh_token: string }
    const retry = await rawRefresh(backend, first.refresh_token)
    expect(retry.status).toBe(200)
    expect(((await retry.json()) as { refresh_token: string }).refresh_token).toBe(child.refresh_token)
  })

  it('treats reuse after the interval as theft: refresh_token_already_used and the session is revoked', async () => {
    const first = await signIn(backend, 'ops@example.com')
    const { data } = await client(backend).auth.refreshSession({ refresh_token: first.refresh_token })
    const current = data.session!
    await sleep(1300)
    const reuse = await client(backend).auth.refreshSession({ refresh_token: first.refresh_token })
    expect(reuse.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' })
    const child = await client(backend).auth.refreshSession({ refresh_token: current.refresh_token })
    expect(child.error?.code).toBe('refresh_token_not_found')
    const user = await fetch(`${backend.url}/auth/v1/user`, {
      headers: { apikey: backend.anonKey, authorization: `Bearer ${current.access_token}` },
    })
    expect(await user.json()).toMatchObject({ code: 'session_not_found' })
  })

  it('rejects unknown and missing refresh tokens', async () => {
    const unknown = await client(backend).auth.refreshSession({ refresh_token: 'no-such-token' })
    expect(unknown.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' })
    const missing = await fetch(`${backend.url}/auth/v1/token?grant_type=refresh_token`, {
      method: 'POST',
      headers: { apikey: backend.anonKey, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({ code: 'validation_failed' })
  })
})

describe('token expiry', () => {
  it('after the access token expires, supabase-js refreshes it and REST keeps working', async () => {
    const supabase = createClient(shortLived.url, shortLived.anonKey, {
      auth: { persistSession: false, autoRefreshToken: true },
      realtime: { transport: WebSocket as never },
    })
    const refreshed: string[] = []
    const { data: sub } = supabase.auth.onAuthStateChange((event, session) => {
      if (event === 'TOKEN_REFRESHED' && session) refreshed.push(session.access_token)
    })
    try {
      const { data } = await supabase.auth.signInWithPassword({ email: 'night@example.com', password })
      const original = data.session!.access_token
      expect(data.session!.expires_in).toBe(10)
      // Let the first token really expire: the server must refuse it from then on.
      await eventually(() => !shortLived.ctx.verify(original).ok, 15_000, 'the first token to expire')
      const stale = await fetch(`${shortLived.url}/auth/v1/user`, {
        headers: { apikey: shortLived.anonKey, authorization: `Bearer ${original}` },
      })
      expect(await stale.json()).toMatchObject({ code: 'bad_jwt' })

      const { data: orgs, error } = await supabase.from('orgs').select('name')
      expect(error).toBeNull()
      expect(orgs).toEqual([{ name: 'Night shift' }])
      expect(refreshed.length).toBeGreaterThan(0)
      const current = (await supabase.auth.getSession()).data.session!.access_token
      expect(current).not.toBe(original)
      expect(shortLived.ctx.verify(current).ok).toBe(true)
    } finally {
      sub.subscription.unsubscribe()
      await supabase.auth.stopAutoRefresh()
    }
  }, 30_000)
})
