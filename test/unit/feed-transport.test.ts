// The observed WebSocket class the feed hands to supabase-js: every attempt is reported, only the newest
// socket's open and close are (a socket supabase-js already replaced may close much later), and an attempt
// still connecting can be abandoned.
import { describe, expect, it } from 'vitest'
import { isRefusal, observedWebSocket, type WebSocketClass } from '../../src/main/core/feed/transport'
import type { FeedEvent } from '../../src/main/core/feed'

/** A socket the test opens and closes by hand. */
class HandSocket extends EventTarget {
  static made: HandSocket[] = []
  readyState = 0
  closeCalls = 0
  constructor(readonly url: string | URL) {
    super()
    HandSocket.made.push(this)
  }
  open(): void {
    this.readyState = 1
    this.dispatchEvent(new Event('open'))
  }
  fail(error: unknown): void {
    this.dispatchEvent(Object.assign(new Event('error'), { error }))
  }
  end(code: number, reason = ''): void {
    this.readyState = 3
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason }))
  }
  close(): void {
    this.closeCalls++
  }
}

function observed() {
  HandSocket.made = []
  const events: FeedEvent[] = []
  const transport = observedWebSocket(HandSocket as unknown as WebSocketClass, (e) => events.push(e))
  const connect = () => {
    new transport.WebSocket('ws://127.0.0.1:1/realtime/v1/websocket')
    return HandSocket.made.at(-1)!
  }
  return { events, transport, connect }
}

describe('the observed WebSocket transport', () => {
  it('reports each attempt, its open and its close', () => {
    const { events, connect } = observed()
    const a = connect()
    a.open()
    a.end(1001, 'server disconnect')
    expect(events).toEqual([
      { type: 'socket-attempt' },
      { type: 'socket-open' },
      { type: 'socket-close', code: 1001, reason: 'server disconnect' },
    ])
  })

  it('ignores the late close (and open) of a socket that a newer attempt replaced', () => {
    const { events, connect } = observed()
    const a = connect()
    a.open()
    const b = connect()
    b.open()
    a.end(1006)
    const c = connect()
    b.open() // a stray event of a replaced socket
    expect(events.map((e) => e.type)).toEqual([
      'socket-attempt',
      'socket-open',
      'socket-attempt',
      'socket-open',
      'socket-attempt',
    ])
    c.end(1006)
    expect(events.at(-1)).toEqual({ type: 'socket-close', code: 1006, reason: '' })
  })

  it('a close without a code is reported as 1006 (abnormal closure)', () => {
    const { events, connect } = observed()
    const a = connect()
    a.dispatchEvent(new Event('close'))
    expect(events.at(-1)).toEqual({ type: 'socket-close', code: 1006, reason: '' })
  })

  it('abandons only the newest attempt, and only while it is still connecting', () => {
    const { transport, connect } = observed()
    expect(transport.abortAttempt()).toBe(false)
    const a = connect()
    const b = connect()
    expect(transport.abortAttempt()).toBe(true)
    expect([a.closeCalls, b.closeCalls]).toEqual([0, 1])
    b.open()
    expect(transport.abortAttempt()).toBe(false)
    expect(b.closeCalls).toBe(1)
  })

  it('says a close was unreachable only when the attempt was refused before it opened', () => {
    const { events, connect } = observed()
    const refused = connect()
    refused.fail(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))
    refused.end(1006)
    expect(events.at(-1)).toEqual({ type: 'socket-close', code: 1006, reason: '', unreachable: true })
    // Any other error (a reset, a failed upgrade) is an ordinary close.
    const reset = connect()
    reset.fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
    reset.end(1006)
    expect(events.at(-1)).toEqual({ type: 'socket-close', code: 1006, reason: '' })
    // An error after the socket opened is about that connection, not about nothing listening.
    const opened = connect()
    opened.open()
    opened.fail({ code: 'ECONNREFUSED' })
    opened.end(1006)
    expect(events.at(-1)).toEqual({ type: 'socket-close', code: 1006, reason: '' })
  })

  it('reads a refusal from the error or its message, and nothing from a bare event', () => {
    expect(isRefusal({ error: { code: 'ECONNREFUSED' } })).toBe(true)
    expect(isRefusal({ message: 'connect ECONNREFUSED 127.0.0.1:5' })).toBe(true)
    expect(isRefusal({ message: 'getaddrinfo ENOTFOUND' })).toBe(false)
    expect(isRefusal({ error: null })).toBe(false)
    expect(isRefusal({})).toBe(false)
  })
})
