// The contract, derived from one map: payloads checked before main sees them (a service_role key never
// gets through), the RendererApi's methods and the read-only list derived from it, and every call wired to
// the console.
import { describe, expect, it } from 'vitest'
import { createHandlers, runCall } from '../../src/main/core/api'
import { FakeConsole } from '../../src/main/core/api.testing'
import {
  CALLS,
  EVENTS,
  INVOKE_KEYS,
  MUTATING_KEYS,
  parseRequest,
  type InvokeKey,
} from '../../src/shared/contract'
import { createRendererApi } from '../../src/shared/renderer-api'

const REQUEST_PARSERS = Object.fromEntries(
  INVOKE_KEYS.map((k) => [k, (payload: unknown) => parseRequest(k, payload)]),
) as { [K in InvokeKey]: (payload: unknown) => ReturnType<typeof parseRequest<K>> }

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

describe('rules:update payload', () => {
  const parse = REQUEST_PARSERS['rules:update']
  const ruleId = '00000000-0000-4000-8000-000000000003'
  it('accepts any subset of the editable fields, and null escalation (never)', () => {
    const all = {
      ruleId,
      threshold: 12.5,
      raiseAfterSeconds: 0,
      clearAfterSeconds: 86400,
      escalateAfterMinutes: null,
      severity: 'critical',
      enabled: false,
    }
    expect(parse(all)).toEqual({ ok: true, value: all })
    expect(parse({ ruleId, enabled: true })).toEqual({ ok: true, value: { ruleId, enabled: true } })
  })
  it.each([
    [{ ruleId }, 'rule update: nothing to change'],
    [{ ruleId: 'x', enabled: true }, 'rule update: ruleId must be a UUID'],
    [{ ruleId, threshold: -1 }, 'rule update: threshold must be a number, 0 or more'],
    [{ ruleId, threshold: Infinity }, 'rule update: threshold must be a number, 0 or more'],
    [
      { ruleId, raiseAfterSeconds: 1.5 },
      'rule update: raiseAfterSeconds must be a whole number from 0 to 86400',
    ],
    [
      { ruleId, clearAfterSeconds: 86401 },
      'rule update: clearAfterSeconds must be a whole number from 0 to 86400',
    ],
    [
      { ruleId, escalateAfterMinutes: 0 },
      'rule update: escalateAfterMinutes must be a whole number from 1 to 10080',
    ],
    [{ ruleId, severity: 'loud' }, 'rule update: severity must be one of info, warning, critical'],
    [{ ruleId, enabled: 'yes' }, 'rule update: enabled must be true or false'],
    [{ ruleId, kind: 'queue_wait' }, 'rule update: unexpected field kind'],
  ])('refuses %o: %s', (payload, error) => {
    expect(parse(payload)).toEqual({ ok: false, error })
  })
})

describe('the contract map', () => {
  it('derives the RendererApi: one method per call and per event, each travelling under its key', async () => {
    const invoked: [string, unknown][] = []
    const subscribed: string[] = []
    const api = createRendererApi(
      async (key, payload) => (invoked.push([key, payload]), { ok: true, data: null as never }),
      (key) => (subscribed.push(key), () => {}),
    )
    expect(Object.keys(api).sort()).toEqual(
      [...Object.values(CALLS).map((c) => c.method), ...Object.values(EVENTS).map((e) => e.method)].sort(),
    )
    await api.switchOrg({ orgId: '00000000-0000-4000-8000-000000000002' })
    await api.getHealth()
    api.onSession(() => {})
    expect(invoked).toEqual([
      ['session:switchOrg', { orgId: '00000000-0000-4000-8000-000000000002' }],
      ['health:get', undefined],
    ])
    expect(subscribed).toEqual(['session:changed'])
  })

  it('derives the calls a read-only display may not make from the map', () => {
    expect([...MUTATING_KEYS].sort()).toEqual([
      'alert:act',
      'rules:update',
      'session:signIn',
      'session:signOut',
      'session:switchOrg',
      'settings:connect',
      'wall:announce',
      // Listing the walls is for supervisors too: a wall must not learn the other devices' names.
      'walls:command',
      'walls:create',
      'walls:list',
      'walls:revoke',
    ])
  })

  it('refuses any payload on calls that take none', () => {
    expect(parseRequest('health:get', undefined)).toEqual({ ok: true, value: undefined })
    expect(parseRequest('health:get', null)).toEqual({ ok: true, value: null })
    expect(parseRequest('health:get', { sneaky: 1 })).toEqual({ ok: false, error: 'expected no payload' })
  })
})

describe('settings and session handlers', () => {
  it('call the console, and are refused to read-only displays', async () => {
    const engine = new FakeConsole()
    const handlers = createHandlers(engine, info)
    const orgId = '00000000-0000-4000-8000-000000000002'
    expect(await runCall(handlers, 'session:switchOrg', { orgId })).toMatchObject({ ok: true })
    expect(await runCall(handlers, 'session:signOut', undefined)).toMatchObject({
      ok: true,
      data: { user: null },
    })
    expect(await runCall(handlers, 'settings:get', undefined)).toEqual({
      ok: true,
      data: { url: 'http://127.0.0.1:54321', demo: true },
    })
    expect(engine.calls).toMatchObject({ switchOrg: [orgId], signOut: 1 })
    const ro = await runCall(handlers, 'session:switchOrg', { orgId }, 'read-only')
    expect(!ro.ok && ro.error.code).toBe('read_only')
    expect(engine.calls.switchOrg).toHaveLength(1)
  })

  it('rules:update reaches the console, and never from a read-only display', async () => {
    const engine = new FakeConsole()
    const handlers = createHandlers(engine, info)
    const ruleId = '00000000-0000-4000-8000-000000000003'
    const ro = await runCall(handlers, 'rules:update', { ruleId, threshold: 5 }, 'read-only')
    expect(!ro.ok && ro.error.code).toBe('read_only')
    expect(await runCall(handlers, 'rules:update', { ruleId, threshold: 5 })).toMatchObject({ ok: true })
    expect(engine.ruleUpdates).toEqual([{ ruleId, threshold: 5 }])
  })
})
