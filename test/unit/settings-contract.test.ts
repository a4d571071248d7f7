// The settings and session calls added for the renderer: payloads checked before main sees them (a
// service_role key never gets through), read-only displays refused, and engines without the feature
// answering `unsupported` instead of throwing.
import { describe, expect, it } from 'vitest'
import { createHandlers, runCall } from '../../src/main/core/api'
import { FakeEngine } from '../../src/main/core/api.testing'
import { REQUEST_PARSERS } from '../../src/shared/schemas'

const jwt = (role: string) =>
  `${btoa('{"alg":"HS256"}')}.${btoa(JSON.stringify({ role })).replace(/=+$/, '')}.sig`
const info = () => ({
  version: '0',
  shell: 'headless' as const,
  backend: { url: 'http://127.0.0.1:1', demo: true },
  readOnly: false,
})

describe('settings:connect payload', () => {
  const parse = REQUEST_PARSERS['settings:connect']
  it('accepts an https URL and an anon key, normalising the URL', () => {
    expect(parse({ url: 'https://abc.supabase.co/', anonKey: ` ${jwt('anon')} ` })).toEqual({
      ok: true,
      value: { url: 'https://abc.supabase.co', anonKey: jwt('anon') },
    })
  })
  it('refuses a service_role key with the explanation', () => {
    const r = parse({ url: 'https://abc.supabase.co', anonKey: jwt('service_role') })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toMatch(/bypasses row-level security/)
    expect(parse({ url: 'https://abc.supabase.co', anonKey: 'sb_secret_123' }).ok).toBe(false)
  })
  it('refuses plain http off loopback, extra fields and non-objects', () => {
    expect(parse({ url: 'http://abc.supabase.co', anonKey: jwt('anon') }).ok).toBe(false)
    expect(parse({ url: 'https://abc.supabase.co', anonKey: jwt('anon'), serviceKey: 'x' }).ok).toBe(false)
    expect(parse('https://abc.supabase.co').ok).toBe(false)
  })
})

describe('session payloads', () => {
  it('sign in needs an email and a password', () => {
    const parse = REQUEST_PARSERS['session:signIn']
    expect(parse({ email: ' a@b.test ', password: 'pw' })).toEqual({
      ok: true,
      value: { email: 'a@b.test', password: 'pw' },
    })
    expect(parse({ email: 'nope', password: 'pw' }).ok).toBe(false)
    expect(parse({ email: 'a@b.test', password: '' }).ok).toBe(false)
  })
  it('switch org needs a UUID', () => {
    const parse = REQUEST_PARSERS['session:switchOrg']
    expect(parse({ orgId: '00000000-0000-4000-8000-000000000001' }).ok).toBe(true)
    expect(parse({ orgId: "1' or 1=1" }).ok).toBe(false)
  })
})

describe('settings and session handlers', () => {
  it('answer unsupported when the engine lacks the feature', async () => {
    const handlers = createHandlers(new FakeEngine(), info)
    const r = await runCall(handlers, 'session:signOut', undefined)
    expect(r).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'This console cannot sign out yet.' },
    })
    expect(await runCall(handlers, 'settings:get', undefined)).toEqual({
      ok: true,
      data: { url: 'http://127.0.0.1:1', demo: true },
    })
  })
  it('call the engine when it has the feature, and are refused to read-only displays', async () => {
    const engine = new FakeEngine()
    const orgId = '00000000-0000-4000-8000-000000000002'
    Object.assign(engine, { switchOrg: async (id: string) => ({ ...engine.session(), orgId: id }) })
    const handlers = createHandlers(engine, info)
    const r = await runCall(handlers, 'session:switchOrg', { orgId })
    expect(r.ok && (r.data as { orgId: string }).orgId).toBe(orgId)
    const ro = await runCall(handlers, 'session:switchOrg', { orgId }, 'read-only')
    expect(!ro.ok && ro.error.code).toBe('read_only')
  })
})
