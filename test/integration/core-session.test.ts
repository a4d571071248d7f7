// Sessions: an engine without credentials waits signed out; sign-in opens the floor, switching orgs
// replaces it (one channel, the other org's rows only), sign-out leaves the channel and empties the
// views; the session lives in the SessionStore port, so a second engine restores it without a password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memorySessionStore } from '../../src/main/core/session-store'
import type { Console as FloorEngine } from '../../src/main/core/console'
import type { Backend } from '../../src/main/embedded/backend'
import { eventually, testBackend } from '../helpers/backend'
import * as f from './core-fixtures'

let backend: Backend
const store = memorySessionStore()
let engine: FloorEngine
let view: f.TestView

beforeAll(async () => {
  backend = await testBackend()
  // The demo supervisor also supervises the second org, to switch to it.
  await backend.ctx.db.query("insert into public.memberships values ($1, $2, 'supervisor')", [
    backend.demo!.other.orgId,
    backend.demo!.userId,
  ])
  engine = f.engineFor(backend, { project: signedOut(backend), sessionStore: store })
  await engine.start()
  view = f.attachView(engine)
})

/** The backend as a project with no credentials: someone has to sign in. */
const signedOut = (b: Backend) => ({ url: b.url, anonKey: b.anonKey, demo: true })

afterAll(async () => {
  await engine?.stop()
  await backend?.stop()
})

describe('sessions', () => {
  it('waits signed out when there is neither a saved session nor credentials', () => {
    expect(engine.session()).toEqual({ user: null, orgs: [], orgId: null })
    expect(engine.health()).toMatchObject({ state: 'OFFLINE', reason: expect.stringMatching(/^Signed out/) })
    expect(backend.realtime.stats().channels).toBe(0)
  })

  it('signs in and opens the first org', async () => {
    const demo = backend.demo!
    const session = await engine.signIn({ email: demo.email, password: demo.password })
    expect(session.orgs.map((o) => o.id).sort()).toEqual([demo.orgId, demo.other.orgId].sort())
    await eventually(() => f.stateIs(engine, 'LIVE'), 10_000, 'LIVE')
    await eventually(() => f.sameAsDatabase(backend, session.orgId!, view), 5000, 'the org’s floor')
    expect(await store.load()).toContain('access_token')
  })

  it('switches orgs: one channel, and only the new org’s rows', async () => {
    const target = engine.session().orgs.find((o) => o.id !== engine.session().orgId)!.id
    await engine.switchOrg(target)
    await eventually(() => f.stateIs(engine, 'LIVE'), 10_000, 'LIVE')
    await eventually(() => f.sameAsDatabase(backend, target, view), 5000, 'the other org’s floor')
    expect(engine.health().channels).toEqual([{ topic: `floor:${target}`, status: 'connected' }])
    await eventually(() => backend.realtime.stats().channels === 1, 5000, 'the old channel gone')
    await expect(engine.switchOrg(globalThis.crypto.randomUUID())).rejects.toThrow(/member/)
  })

  it('restores the saved session in another engine without a password', async () => {
    const second = f.engineFor(backend, { project: signedOut(backend), sessionStore: store })
    try {
      await second.start()
      expect(second.session().user?.email).toBe(backend.demo!.email)
      await eventually(() => f.stateIs(second, 'LIVE'), 10_000, 'LIVE')
    } finally {
      await second.stop()
    }
  })

  it('signs out: leaves the channel, empties the views, forgets the session', async () => {
    const session = await engine.signOut()
    expect(session).toEqual({ user: null, orgs: [], orgId: null })
    await eventually(() => Object.values(view.state).every((rows) => rows.size === 0), 5000, 'empty views')
    expect(engine.health()).toMatchObject({ state: 'OFFLINE', reason: expect.stringMatching(/^Signed out/) })
    await eventually(() => backend.realtime.stats().channels === 0, 5000, 'no channel')
    expect(await store.load()).toBeNull()
  })
})
