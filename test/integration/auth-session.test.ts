// The embedded Auth server through the unmodified supabase-js: password sign-in, the user endpoint,
// signup, logout, and GoTrue's error codes as `error.code`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/main/embedded/context'
import { createUser } from '../../src/main/embedded/auth'
import { client, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
let closed: Backend
const password = 'correct horse battery'

function decode(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
}

beforeAll(async () => {
  backend = await testBackend({
    demo: false,
    config: { auth: { ...DEFAULT_CONFIG.auth, passwordAttemptsPerWindow: 5, passwordWindowSeconds: 300 } },
  })
  closed = await testBackend({
    demo: false,
    config: { auth: { ...DEFAULT_CONFIG.auth, signupEnabled: false } },
  })
})
afterAll(async () => {
  await backend?.stop()
  await closed?.stop()
})

describe('password sign-in', () => {
  it('issues a session whose access token carries the GoTrue claims and the org memberships', async () => {
    const { id } = await createUser(backend.ctx, {
      email: 'Ada@Example.com',
      password,
      userMetadata: { name: 'Ada' },
    })
    const orgId = 'a0000000-0000-4000-8000-000000000001'
    await backend.ctx.db.query("insert into public.orgs (id, name) values ($1, 'Org A')", [orgId])
    await backend.ctx.db.query(
      "insert into public.memberships (org_id, user_id, role) values ($1, $2, 'supervisor')",
      [orgId, id],
    )
    const supabase = client(backend)
    const { data, error } = await supabase.auth.signInWithPassword({ email: 'ada@example.com', password })
    expect(error).toBeNull()
    expect(data.user).toMatchObject({
      id,
      email: 'ada@example.com',
      aud: 'authenticated',
      role: 'authenticated',
    })
    expect(data.user?.user_metadata).toEqual({ name: 'Ada' })
    expect(data.session?.token_type).toBe('bearer')
    expect(data.session?.expires_in).toBe(3600)
    const claims = decode(data.session!.access_token)
    expect(claims).toMatchObject({
      sub: id,
      aud: 'authenticated',
      role: 'authenticated',
      email: 'ada@example.com',
      iss: `${backend.url}/auth/v1`,
      aal: 'aal1',
      is_anonymous: false,
      org_ids: [orgId],
      app_metadata: {
        provider: 'email',
        providers: ['email'],
        orgs: [{ org_id: orgId, role: 'supervisor' }],
      },
    })
    expect(typeof claims.session_id).toBe('string')
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600)
    expect(backend.ctx.verify(data.session!.access_token).ok).toBe(true)
  })

  it('rejects a wrong password and an unknown user alike with invalid_credentials', async () => {
    await createUser(backend.ctx, { email: 'bob@example.com', password })
    const supabase = client(backend)
    const wrong = await supabase.auth.signInWithPassword({ email: 'bob@example.com', password: 'nope-nope' })
    expect(wrong.error).toMatchObject({
      status: 400,
      code: 'invalid_credentials',
      message: 'Invalid login credentials',
    })
    expect(wrong.data.session).toBeNull()
    const unknown = await supabase.auth.signInWithPassword({ email: 'nobody@example.com', password })
    expect(unknown.error).toMatchObject({ status: 400, code: 'invalid_credentials' })
  })

  it('limits password attempts per email with 429 over_request_rate_limit', async () => {
    await createUser(backend.ctx, { email: 'eve@example.com', password })
    const supabase = client(backend)
    for (let i = 0; i < 5; i++) {
      const { error } = await supabase.auth.signInWithPassword({
        email: 'eve@example.com',
        password: 'guess-' + i,
      })
      expect(error?.code).toBe('invalid_credentials')
    }
    const limited = await supabase.auth.signInWithPassword({ email: 'eve@example.com', password })
    expect(limited.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
    // Another address is not affected.
    const other = await supabase.auth.signInWithPassword({ email: 'bob@example.com', password })
    expect(other.error).toBeNull()
  })

  it('answers malformed requests the way GoTrue does', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${backend.url}/auth/v1/${path}`, {
        method: 'POST',
        headers: { apikey: backend.anonKey, 'content-type': 'application/json', ...headers },
        body,
      })
    const grant = await post('token?grant_type=magic', '{}')
    expect(grant.status).toBe(400)
    expect(grant.headers.get('x-supabase-api-version')).toBe('2024-01-01')
    expect(await grant.json()).toEqual({ code: 'invalid_credentials', message: 'unsupported_grant_type' })
    const bad = await post('token?grant_type=password', '{"email": ')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { code: string }).code).toBe('bad_json')
    const missing = await post('token?grant_type=password', '{"password":"x"}')
    expect(await missing.json()).toEqual({ code: 'validation_failed', message: 'missing email or phone' })
    const noKey = await fetch(`${backend.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      body: '{}',
    })
    expect(noKey.status).toBe(401)
  })
})

describe('user endpoint', () => {
  it('returns the signed-in user and updates metadata and password', async () => {
    await createUser(backend.ctx, { email: 'cy@example.com', password, userMetadata: { team: 'night' } })
    const supabase = client(backend)
    await supabase.auth.signInWithPassword({ email: 'cy@example.com', password })
    const { data, error } = await supabase.auth.getUser()
    expect(error).toBeNull()
    expect(data.user).toMatchObject({ email: 'cy@example.com', user_metadata: { team: 'night' } })

    const upd = await supabase.auth.updateUser({ data: { team: 'day', shift: 2 } })
    expect(upd.error).toBeNull()
    expect(upd.data.user?.user_metadata).toEqual({ team: 'day', shift: 2 })
    const same = await supabase.auth.updateUser({ password })
    expect(same.error?.code).toBe('same_password')
    const weak = await supabase.auth.updateUser({ password: 'abc' })
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' })
    expect(await supabase.auth.updateUser({ password: 'a brand new secret' })).toMatchObject({ error: null })

    const fresh = client(backend)
    expect((await fresh.auth.signInWithPassword({ email: 'cy@example.com', password })).error?.code).toBe(
      'invalid_credentials',
    )
    const ok = await fresh.auth.signInWithPassword({
      email: 'cy@example.com',
      password: 'a brand new secret',
    })
    expect(ok.error).toBeNull()
  })

  it('refuses bad and missing bearer tokens with GoTrue codes', async () => {
    const get = (auth?: string) =>
      fetch(`${backend.url}/auth/v1/user`, {
        headers: { apikey: backend.anonKey, ...(auth ? { authorization: auth } : {}) },
      })
    expect(await (await get()).json()).toMatchObject({ code: 'no_authorization' })
    const bad = await get('Bearer not.a.jwt')
    expect(bad.status).toBe(403)
    expect(await bad.json()).toMatchObject({ code: 'bad_jwt' })
    const ghost = backend.ctx.sign({
      role: 'authenticated',
      sub: 'b0000000-0000-4000-8000-00000000dead',
      exp: Math.floor(Date.now() / 1000) + 60,
    })
    const gone = await get(`Bearer ${ghost}`)
    expect(gone.status).toBe(403)
    expect(await gone.json()).toMatchObject({ code: 'user_not_found' })
  })
})

describe('signup', () => {
  it('creates a confirmed user with a session (autoconfirm) and refuses duplicates and weak passwords', async () => {
    const supabase = client(backend)
    const { data, error } = await supabase.auth.signUp({
      email: 'new@example.com',
      password,
      options: { data: { display: 'New' } },
    })
    expect(error).toBeNull()
    expect(data.session?.access_token).toBeTruthy()
    expect(data.user).toMatchObject({ email: 'new@example.com', user_metadata: { display: 'New' } })
    expect(data.user?.email_confirmed_at).toBeTruthy()

    const again = await client(backend).auth.signUp({ email: 'NEW@example.com', password })
    expect(again.error).toMatchObject({ status: 422, code: 'user_already_exists' })
    const weak = await client(backend).auth.signUp({ email: 'weak@example.com', password: '123' })
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' })
    const invalid = await client(backend).auth.signUp({ email: 'not-an-email', password })
    expect(invalid.error).toMatchObject({ status: 400, code: 'validation_failed' })
  })

  it('can be disabled', async () => {
    const { error } = await client(closed).auth.signUp({ email: 'x@example.com', password })
    expect(error).toMatchObject({ status: 422, code: 'signup_disabled' })
    const settings = await fetch(`${closed.url}/auth/v1/settings`, { headers: { apikey: closed.anonKey } })
    expect(await settings.json()).toMatchObject({ disable_signup: true, external: { email: true } })
  })
})

describe('logout', () => {
  it('ends the session: the user endpoint and the refresh token stop working', async () => {
    await createUser(backend.ctx, { email: 'dee@example.com', password })
    const supabase = client(backend)
    const { data } = await supabase.auth.signInWithPassword({ email: 'dee@example.com', password })
    const session = data.session!
    expect((await supabase.auth.signOut()).error).toBeNull()
    expect((await supabase.auth.getSession()).data.session).toBeNull()

    const user = await fetch(`${backend.url}/auth/v1/user`, {
      headers: { apikey: backend.anonKey, authorization: `Bearer ${session.access_token}` },
    })
    expect(user.status).toBe(403)
    expect(await user.json()).toMatchObject({ code: 'session_not_found' })
    const refresh = await client(backend).auth.refreshSession({ refresh_token: session.refresh_token })
    expect(refresh.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' })
  })

  it('scope=others keeps the current session and ends the rest', async () => {
    await createUser(backend.ctx, { email: 'fay@example.com', password })
    const laptop = client(backend)
    const wall = client(backend)
    await laptop.auth.signInWithPassword({ email: 'fay@example.com', password })
    const wallSession = (await wall.auth.signInWithPassword({ email: 'fay@example.com', password })).data
      .session!
    expect((await laptop.auth.signOut({ scope: 'others' })).error).toBeNull()
    expect((await laptop.auth.getUser()).error).toBeNull()
    const refresh = await client(backend).auth.refreshSession({ refresh_token: wallSession.refresh_token })
    expect(refresh.error?.code).toBe('refresh_token_not_found')
  })
})

describe('service endpoints', () => {
  it('serves health, settings and an empty JWKS (HS256 only)', async () => {
    const health = await fetch(`${backend.url}/auth/v1/health`)
    expect(await health.json()).toMatchObject({ name: 'GoTrue' })
    const jwks = await fetch(`${backend.url}/auth/v1/.well-known/jwks.json`)
    expect(await jwks.json()).toEqual({ keys: [] })
    const settings = await fetch(`${backend.url}/auth/v1/settings`, { headers: { apikey: backend.anonKey } })
    expect(await settings.json()).toMatchObject({ disable_signup: false, mailer_autoconfirm: true })
  })
})
