// The WebSocket class handed to supabase-js, wrapped so the feed sees every connection attempt: when it
// starts, opens and closes. supabase-js reports none of this per attempt (a refused upgrade yields one
// CHANNEL_ERROR, then silent retries), and the session machine needs each one.
import type { FeedEmit } from './events'

type Listener = (event: { code?: number; reason?: string }) => void

interface SocketLike {
  addEventListener(type: 'open' | 'close', listener: Listener): void
}

export type WebSocketClass = new (url: string | URL, protocols?: string | string[]) => SocketLike

/** Node 22+ has a global WebSocket; older runtimes (and tests that want `ws`) pass a class in. */
export function baseWebSocket(given: unknown): WebSocketClass {
  const candidate = given ?? (globalThis as { WebSocket?: unknown }).WebSocket
  if (typeof candidate !== 'function') {
    throw new Error('No WebSocket implementation: pass the `ws` class as the webSocket option')
  }
  return candidate as WebSocketClass
}

export function observedWebSocket(base: WebSocketClass, emit: FeedEmit): WebSocketClass {
  // A subclass keeps the static readyState constants and everything else supabase-js reads.
  const Observed = class extends base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      emit({ type: 'socket-attempt' })
      this.addEventListener('open', () => emit({ type: 'socket-open' }))
      this.addEventListener('close', (e) =>
        emit({ type: 'socket-close', code: e.code ?? 1006, reason: e.reason ?? '' }),
      )
    }
  }
  return Observed
}
