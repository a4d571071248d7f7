// Shared by the core-*.test.ts files: an engine signed in to a test backend as the demo supervisor, a
// view that applies relay batches (and checks that no entity ever goes back in seq), the floor as the
// database holds it, and writes that change it.
import { createServer, type AddressInfo } from 'node:net'
import WebSocket from 'ws'
import { createConsole, type Console } from '../../src/main/core/console'
import type { ConsoleOptions, FloorConsole, HealthReport } from '../../src/main/core/console-types'
import { applyBatch, startsSnapshot, type DeltaBatch, type ViewState } from '../../src/shared/domain/delta'
import { TABLE_NAMES, type TableName } from '../../src/shared/domain/tables'
import type { Backend } from '../../src/main/embedded/backend'

const quiet = process.env.DEBUG_CORE
  ? {
      info: (m: string) => console.log(`[core ${Date.now() % 100000}] ${m}`),
      warn: (m: string) => console.log(`[core ${Date.now() % 100000}] warn ${m}`),
      error: (m: string, e?: unknown) => console.log(`[core] error ${m}`, e),
    }
  : { info: () => {}, warn: () => {}, error: () => {} }

export function engineFor(backend: Backend, overrides: Partial<ConsoleOptions> = {}): Console {
  const demo = backend.demo!
  return createConsole({
    project: {
      url: backend.url,
      anonKey: backend.anonKey,
      demo: true,
      credentials: { email: demo.email, password: demo.password },
    },
    webSocket: WebSocket,
    log: quiet,
    heartbeatIntervalMs: 1_000,
    reconnect: { baseMs: 100, capMs: 1_000, pollAfterFailures: 50 },
    ...overrides,
  })
}

export interface TestView {
  state: ViewState
  batches: number
  resets: number
  /** Batches inside a frame (snapshot or resync): replayed state. */
  framed: number
  /** Batches outside any frame: live news. */
  live: number
  /** Upserts that carried a seq not above the one the view already held for that entity. */
  regressions: string[]
  close(): void
}

export function attachView(engine: Pick<FloorConsole, 'attachView'>): TestView {
  const view: TestView = {
    state: {},
    batches: 0,
    resets: 0,
    framed: 0,
    live: 0,
    regressions: [],
    close: () => {},
  }
  const handle = engine.attachView({
    send: (batch: DeltaBatch) => {
      view.batches++
      if (batch.frame) view.framed++
      else view.live++
      if (startsSnapshot(batch)) view.resets++
      else {
        for (const d of batch.deltas) {
          const held = d.kind === 'upsert' ? view.state[d.table]?.get(d.id) : undefined
          if (d.kind === 'upsert' && held && held.seq >= d.row.seq) {
            view.regressions.push(`${d.table} ${d.id}: ${held.seq} → ${d.row.seq}`)
          }
        }
      }
      applyBatch(view.state, batch)
      return true
    },
  })
  view.close = () => handle.close()
  return view
}

export type Floor = Record<TableName, Map<string, Record<string, unknown>>>

/** The org's rows as Postgres' to_jsonb writes them (the shapes REST and Realtime carry). */
export async function dbFloor(backend: Backend, orgId: string): Promise<Floor> {
  const out = {} as Floor
  for (const t of TABLE_NAMES) {
    const res = await backend.ctx.db.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(x) as r from public.${t} x where org_id = $1`,
      [orgId],
    )
    out[t] = new Map(res.rows.map(({ r }) => [r.id as string, r]))
  }
  return out
}

/** id → seq per table, for readable failure messages. */
export function seqs(floor: Partial<Record<TableName, ReadonlyMap<string, { seq?: unknown }>>>) {
  return Object.fromEntries(
    TABLE_NAMES.map((t) => [
      t,
      Object.fromEntries([...(floor[t] ?? new Map()).entries()].map(([id, r]) => [id, r.seq]).sort()),
    ]),
  )
}

export async function sameAsDatabase(backend: Backend, orgId: string, view: TestView): Promise<boolean> {
  const db = await dbFloor(backend, orgId)
  return JSON.stringify(seqs(db)) === JSON.stringify(seqs(view.state as unknown as Floor))
}

export function stateIs(engine: FloorConsole, state: HealthReport['state']): boolean {
  return engine.health().state === state
}

/** Writes to the demo org as the server would (superuser, like the simulator). */
export function writer(backend: Backend, orgId: string) {
  const db = backend.ctx.db
  return {
    insertCall: async (caller = 'caller') =>
      (
        await db.query<{ id: string }>(
          'insert into public.calls (org_id, caller_masked) values ($1, $2) returning id',
          [orgId, caller],
        )
      ).rows[0]!.id,
    holdCall: (id: string, seconds: number) =>
      db.query('update public.calls set hold_seconds = $2 where id = $1', [id, seconds]),
    deleteCall: (id: string) => db.query('delete from public.calls where id = $1', [id]),
    raiseAlert: async (title = 'Queue wait over target') =>
      (
        await db.query<{ id: string }>(
          "insert into public.alerts (org_id, severity, title) values ($1, 'warning', $2) returning id",
          [orgId, title],
        )
      ).rows[0]!.id,
    tick: () =>
      db.query("select realtime.send(jsonb_build_object('at', now()), 'tick', $1, false)", [
        `floor:${orgId}`,
      ]),
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The `ws` class behind a switch, like a proxy or a dead network: while blocked, every connection goes to
 * a closed loopback port and fails.
 */
/**
 * A WebSocket class whose connections a test can block as a network that blocks WebSockets does: while
 * `gate.blocked`, each one goes to a loopback server that accepts it and resets it (the upgrade never
 * happens). Not a refused port: nothing listening there would also mean no REST, and the console treats
 * that as a server down, not as a blocked WebSocket.
 */
export function gatedWebSocket(): { gate: { blocked: boolean }; Gated: unknown } {
  const gate = { blocked: false }
  const blocker = createServer((socket) => socket.resetAndDestroy())
  blocker.listen(0, '127.0.0.1')
  blocker.unref()
  class Gated extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      const port = (blocker.address() as AddressInfo | null)?.port
      super(gate.blocked && port ? `ws://127.0.0.1:${port}/blocked` : url, protocols)
    }
  }
  return { gate, Gated }
}

/** Entities (table, id) whose version differs between two floors: what a resync must have caught up. */
export function changedEntities(before: ViewState, after: Floor): Partial<Record<TableName, number>> {
  const out: Partial<Record<TableName, number>> = {}
  for (const t of TABLE_NAMES) {
    const a = before[t] ?? new Map<string, { seq: number }>()
    const b = after[t]
    let n = 0
    for (const [id, row] of b) if (a.get(id)?.seq !== row.seq) n++
    for (const id of a.keys()) if (!b.has(id)) n++
    if (n > 0) out[t] = n
  }
  return out
}

export function copyView(state: ViewState): ViewState {
  const entries = Object.entries(state) as [string, Map<string, unknown>][]
  return Object.fromEntries(entries.map(([t, m]) => [t, new Map(m)])) as ViewState
}
