// A fresh embedded backend for one test file: in this process, in memory, on a free loopback port.
import WebSocket from 'ws'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { startBackend, type Backend, type BackendOptions } from '../../src/main/embedded/backend'

const quiet = { info: () => {}, warn: () => {}, error: (m: string, e?: unknown) => console.error(m, e ?? '') }

/** No traffic and no alert evaluation unless asked: a test's alerts are the ones it makes. */
export async function testBackend(opts: BackendOptions = {}): Promise<Backend> {
  return startBackend({ log: quiet, rate: 0, alertEvalIntervalMs: 0, ...opts })
}

/** The unmodified supabase-js client, as an app would create it, pointed at the test backend. */
export function client(
  backend: Backend,
  key: string = backend.anonKey,
  options: { vsn?: '1.0.0' | '2.0.0'; heartbeatIntervalMs?: number } = {},
): SupabaseClient {
  return createClient(backend.url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: {
      transport: WebSocket as never,
      ...(options.vsn ? { vsn: options.vsn } : {}),
      ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
    },
  })
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    }
    await new Promise((r) => setTimeout(r, 20))
  }
}
