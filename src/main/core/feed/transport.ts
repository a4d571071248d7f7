// The WebSocket class handed to supabase-js, wrapped so the feed sees every connection attempt: when it
// starts, opens and closes. supabase-js reports none of this per attempt (a refused upgrade yields one
// CHANNEL_ERROR, then silent retries), and the session machine needs each one.
//
// Only the newest socket speaks for the connection. supabase-js holds one socket at a time: when it gives
// up on one (a heartbeat timeout, a probe) it asks it to close, waits at most ~1.5 s, and connects again.
// The old socket's close can arrive much later (`ws` waits 30 s for a close handshake on a dead path);
// reported then, it would tell the machine that the live socket had closed, and the machine would wait
// for an open that never comes.
import type { FeedEmit } from './events'

type Listener = (event: { code?: number; reason?: string; error?: unknown; message?: unknown }) => void

interface SocketLike {
  readonly readyState: number
  addEventListener(type: 'open' | 'close' | 'error', listener: Listener): void
  close(code?: number, reason?: string): void
}

export type WebSocketClass = new (url: string | URL, protocols?: string | string[]) => SocketLike

/** The WebSocket readyState of a connection still being established. */
const CONNECTING = 0

/**
 * Whether an error event says the TCP connection was refused. `ws` passes the socket error (`code`
 * ECONNREFUSED); clients that say nothing (Node's global WebSocket fires a bare event) count as not refused.
 */
export function isRefusal(event: { error?: unknown; message?: unknown }): boolean {
  const code = (event.error as { code?: unknown } | null | undefined)?.code
  if (code === 'ECONNREFUSED') return true
  return typeof event.message === 'string' && /\bECONNREFUSED\b/.test(event.message)
}

/** Node 22+ has a global WebSocket; older runtimes (and tests that want `ws`) pass a class in. */
export function baseWebSocket(given: unknown): WebSocketClass {
  const candidate = given ?? (globalThis as { WebSocket?: unknown }).WebSocket
  if (typeof candidate !== 'function') {
    throw new Error('No WebSocket implementation: pass the `ws` class as the webSocket option')
  }
  return candidate as WebSocketClass
}

export interface ObservedTransport {
  /** The class for supabase-js's `transport` option. */
  WebSocket: WebSocketClass
  /**
   * Abandons the newest connection attempt if it is still not open (neither WebSocket client has a
   * handshake timeout: an attempt accepted and never answered would wait forever). Its close follows.
   */
  abortAttempt(): boolean
}

export function observedWebSocket(base: WebSocketClass, emit: FeedEmit): ObservedTransport {
  let newest: SocketLike | null = null
  const adopt = (socket: SocketLike) => void (newest = socket)
  // A subclass keeps the static readyState constants and everything else supabase-js reads.
  const Observed = class extends base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      adopt(this)
      emit({ type: 'socket-attempt' })
      let opened = false
      let refused = false
      this.addEventListener('open', () => {
        opened = true
        if (newest === this) emit({ type: 'socket-open' })
      })
      // `ws` has already left CONNECTING when it reports the error: whether the socket ever opened decides.
      this.addEventListener('error', (e) => {
        if (!opened && isRefusal(e)) refused = true
      })
      this.addEventListener('close', (e) => {
        if (newest !== this) return
        const close = { type: 'socket-close', code: e.code ?? 1006, reason: e.reason ?? '' } as const
        emit(refused ? { ...close, unreachable: true } : close)
      })
    }
  }
  return {
    WebSocket: Observed,
    abortAttempt: () => {
      if (newest?.readyState !== CONNECTING) return false
      newest.close()
      return true
    },
  }
}
