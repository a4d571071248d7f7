// Settings → Connect: the console moves to another Supabase project at run time. Bad URLs and keys (a
// service_role key above all) are refused with specific errors and leave the current connection alone; a
// good one moves every view (they stay attached) to the new project through one framed snapshot, and the
// user signs in to the new project: credentials belong to the project they were given for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../src/main/embedded/backend'
import type { Console } from '../../src/main/core/console'
import { HandlerError } from '../../src/main/core/api'
import { engineFor } from './core-fixtures'
import { attachView } from './core-fixtures'
import { eventually, testBackend } from '../helpers/backend'

let a: Backend
let b: Backend
let console_: Console

beforeAll(async () => {
  ;[a, b] = await Promise.all([testBackend({ seed: 1 }), testBackend({ seed: 2 })])
  // The first project signs in unattended; a project connected later starts signed out.
  console_ = engineFor(a)
  await console_.start()
})
afterAll(async () => {
  await console_?.stop()
  await Promise.all([a?.stop(), b?.stop()])
})

async function refusal(request: { url: string; anonKey: string }): Promise<HandlerError> {
  try {
    await console_.connect(request)
  } catch (err) {
    if (err instanceof HandlerError) return err
    throw err
  }
  throw new Error('connect succeeded')
}

const queueNames = (state: ReturnType<typeof attachView>['state']) =>
  [...(state.queues?.values() ?? [])].map((q) => q.org_id).filter((v, i, all) => all.indexOf(v) === i)

describe('connect', () => {
  it('refuses bad URLs, secret keys, wrong keys and unreachable projects, and stays connected', async () => {
    const view = attachView(console_)
    await eventually(() => (view.state.queues?.size ?? 0) > 0, 20_000, 'the first project’s floor')
    expect((await refusal({ url: 'ftp://example.com', anonKey: b.anonKey })).code).toBe('invalid_url')
    expect((await refusal({ url: 'http://example.com', anonKey: b.anonKey })).message).toContain(
      'must use https',
    )
    const secret = await refusal({ url: b.url, anonKey: b.serviceRoleKey })
    expect(secret.code).toBe('invalid_key')
    expect(secret.message).toContain('service_role')
    expect((await refusal({ url: b.url, anonKey: a.anonKey })).code).toBe('key_refused')
    expect((await refusal({ url: 'http://127.0.0.1:9', anonKey: b.anonKey })).code).toBe('unreachable')
    expect(console_.settings()).toEqual({ url: a.url, demo: true })
    expect(console_.health().state).not.toBe('OFFLINE')
    view.close()
  })

  it('moves every view to the new project with a fresh snapshot; the user then signs in there', async () => {
    const view = attachView(console_)
    await eventually(() => (view.state.queues?.size ?? 0) > 0, 20_000, 'the first project’s floor')
    const orgA = queueNames(view.state)
    const resetsBefore = view.resets
    expect(await console_.connect({ url: b.url, anonKey: ` ${b.anonKey} ` })).toEqual({
      url: b.url,
      demo: false,
    })
    await eventually(() => view.resets > resetsBefore, 10_000, 'a reset from the new engine')
    expect(console_.session().user).toBeNull()
    await console_.signIn({ email: b.demo!.email, password: b.demo!.password })
    await eventually(() => (view.state.queues?.size ?? 0) > 0, 20_000, 'the second project’s floor')
    const orgB = queueNames(view.state)
    expect(orgB).toHaveLength(1)
    expect(orgB).not.toEqual(orgA)
    expect(console_.session().user?.email).toBe(b.demo!.email)
    view.close()
  })
})
