// Shared by the recovery scenarios: the demo org's calls seeded over REST, a real console (the core as
// Electron and `npm run serve` run it, default tuning) whose sockets are timed, a relay view that records
// what it is sent, and the machine's load when a figure was taken.
import { loadavg } from 'node:os'
import WebSocket from 'ws'
import { createConsole, type Console } from '../../src/main/core/console'
import type { ConsoleOptions } from '../../src/main/core/console-types'
import { utf8Bytes } from '../../src/main/core/relay/batching'
import { applyBatch, type DeltaBatch, type ViewState } from '../../src/shared/domain/delta'
import { NORTHWIND } from '../../src/main/embedded/simulator/demo-data'
import type { BackendInfo } from '../../src/main/embedded/spawn'
import { sleep } from '../stats'

export const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100

const verbose = !!process.env.BENCH_VERBOSE
const stamp = () => new Date().toISOString().slice(11, 23)
export const benchLog = {
  info: (m: string) => verbose && console.log(`${stamp()} [console] ${m}`),
  warn: (m: string) => verbose && console.log(`${stamp()} [console] warning: ${m}`),
  error: (m: string, e?: unknown) => console.log(`${stamp()} [console] error: ${m}`, e ?? ''),
}

function serviceHeaders(info: BackendInfo): Record<string, string> {
  const key = info.service_role_key
  return { apikey: key, Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }
}

/** A REST call with the service key, straight to the backend (never through a proxy under test). */
export async function rest(info: BackendInfo, path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(`${info.api_url}/rest/v1/${path}`, {
    ...init,
    headers: { ...serviceHeaders(info), ...(init.headers as Record<string, string> | undefined) },
  })
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`)
  return res.status === 204 ? null : res.json().catch(() => null)
}

export async function demoOrg(info: BackendInfo): Promise<{ orgId: string; queueIds: string[] }> {
  const [org] = (await rest(info, `orgs?select=id&name=eq.${encodeURIComponent(NORTHWIND)}`)) as {
    id: string
  }[]
  const queues = (await rest(info, `queues?select=id&org_id=eq.${org!.id}`)) as { id: string }[]
  return { orgId: org!.id, queueIds: queues.map((q) => q.id) }
}

/**
 * `n` calls of the demo org, in REST batches of 1,000: mostly finished (some abandoned, which would be
 * news if a snapshot were mistaken for live changes), the last 200 still queued.
 */
export async function seedCalls(info: BackendInfo, n: number, tag: string): Promise<void> {
  const { orgId, queueIds } = await demoOrg(info)
  const now = Date.now()
  for (let start = 0; start < n; start += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, n - start) }, (_, j) => {
      const i = start + j
      const at = new Date(now - (n - i) * 1_000).toISOString()
      const done = i < n - 200
      const status = !done ? 'queued' : i % 10 === 0 ? 'abandoned' : 'completed'
      return {
        org_id: orgId,
        queue_id: queueIds[i % queueIds.length],
        status,
        caller_masked: `+44 •••• ${tag}${i}`,
        queued_at: at,
        answered_at: status === 'completed' ? at : null,
        ended_at: done ? at : null,
        status_changed_at: at,
      }
    })
    await rest(info, 'calls', { method: 'POST', body: JSON.stringify(rows) })
  }
}

/** The `ws` class, with the moment each connection opened written down. */
export function timedWebSocket(): { opens: number[]; WebSocketClass: unknown } {
  const opens: number[] = []
  class Timed extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.once('open', () => opens.push(Date.now()))
    }
  }
  return { opens, WebSocketClass: Timed }
}

/** A console as the shells build it: default machine tuning, an in-memory store. */
export function benchConsole(
  info: BackendInfo | null,
  url: string | null,
  extra: Partial<ConsoleOptions> = {},
): Console {
  return createConsole({
    project: info && url ? { url, anonKey: info.anon_key, demo: true, credentials: info.demo! } : null,
    webSocket: WebSocket,
    log: benchLog,
    ...extra,
  })
}

export interface RecordedView {
  state: ViewState
  batches: number
  /** Batches outside any frame: live news. */
  news: number
  /** Frames started (a batch with frame.first), by kind. */
  framesStarted: { kind: string; source: string; at: number }[]
  /** JSON size of each batch (what IPC and the bridge carry), bytes. */
  sizes: number[]
  /** Called after each batch is applied. */
  after: (batch: DeltaBatch) => void
  close(): void
}

export function recordView(engine: Console): RecordedView {
  const view: RecordedView = {
    state: {},
    batches: 0,
    news: 0,
    framesStarted: [],
    sizes: [],
    after: () => {},
    close: () => {},
  }
  const handle = engine.attachView({
    send: (batch) => {
      view.batches++
      view.sizes.push(utf8Bytes(JSON.stringify(batch)))
      if (!batch.frame) view.news++
      else if (batch.frame.first) {
        view.framesStarted.push({ kind: batch.frame.kind, source: batch.frame.source ?? '', at: Date.now() })
      }
      applyBatch(view.state, batch)
      view.after(batch)
      return true
    },
  })
  view.close = () => handle.close()
  return view
}

/** Resolves when `check` holds (polled every `everyMs`), with the time it first held; throws after `ms`. */
export async function until(check: () => boolean, ms: number, what: string, everyMs = 5): Promise<number> {
  const deadline = Date.now() + ms
  for (;;) {
    if (check()) return Date.now()
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

export const round = (n: number) => Math.round(n)
