// A saved session goes back only to the project it was saved for.
import { describe, expect, it } from 'vitest'
import { memorySessionStore, scopedSessionStore } from '../../src/main/core/session-store'

describe('scopedSessionStore', () => {
  it('returns the session to its own project and to no other', async () => {
    const disk = memorySessionStore()
    const a = scopedSessionStore(disk, 'https://a.supabase.co')
    const b = scopedSessionStore(disk, 'https://b.supabase.co')
    await a.save('{"access_token":"A"}')
    expect(await a.load()).toBe('{"access_token":"A"}')
    expect(await b.load()).toBeNull()
    await b.save('{"access_token":"B"}')
    expect(await a.load()).toBeNull()
    expect(await b.load()).toBe('{"access_token":"B"}')
  })

  it('treats an unscoped or damaged saved value as no session', async () => {
    expect(
      await scopedSessionStore(memorySessionStore('{"access_token":"old"}'), 'https://a').load(),
    ).toBeNull()
    expect(await scopedSessionStore(memorySessionStore('not json'), 'https://a').load()).toBeNull()
  })
})
