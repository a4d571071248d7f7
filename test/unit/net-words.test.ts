// Health reasons never show a bare `getaddrinfo ENOTFOUND`: network error codes are said in words.
import { describe, expect, it } from 'vitest'
import { plainNetworkError } from '../../src/main/core/net-words'

describe('plainNetworkError', () => {
  it.each([
    ['getaddrinfo ENOTFOUND nope.supabase.co', 'the host name nope.supabase.co could not be found'],
    ['getaddrinfo EAI_AGAIN db.example.org', 'the host name db.example.org could not be found'],
    ['connect ECONNREFUSED 127.0.0.1:54321', 'nothing is listening at 127.0.0.1:54321: connection refused'],
    ['read ECONNRESET', 'the connection was reset'],
    ['connect ETIMEDOUT 10.0.0.1:443', 'the connection timed out'],
    ['TypeError: fetch failed', 'no connection could be made'],
    ['Invalid login credentials', 'Invalid login credentials'],
  ])('%s → %s', (raw, words) => {
    expect(plainNetworkError(raw)).toBe(words)
  })
})
