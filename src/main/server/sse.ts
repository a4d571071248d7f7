// Server-Sent Events for integrations and simple displays: `GET /api/stream?tables=calls,alerts` sends an
// `initial` event with every current row of those tables (the whole snapshot frame, whatever its size),
// then `insert`, `update` and `delete` events, and a `heartbeat` every 15 s so proxies and clients can tell
// a quiet floor from a dead stream. Whenever the console's state is replaced (a new session, a full
// resync) a new `initial` event replaces everything before it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { TABLE_NAMES, type TableName } from '../../shared/domain/tables'
import { FrameAssembler, type DeltaBatch } from '../../shared/domain/delta'
import type { FloorConsole } from '../core/console-types'
import { SECURITY_HEADERS } from './static-files'

export const SSE_HEARTBEAT_MS = 15_000

export function parseTables(
  param: string | null,
): { ok: true; tables: Set<TableName> } | { ok: false; error: string } {
  if (param === null || param.trim() === '') return { ok: true, tables: new Set(TABLE_NAMES) }
  const names = param.split(',').map((s) => s.trim())
  const unknown = names.filter((n) => !(TABLE_NAMES as readonly string[]).includes(n))
  if (unknown.length) {
    return { ok: false, error: `Unknown table(s): ${unknown.join(', ')}. Known: ${TABLE_NAMES.join(', ')}.` }
  }
  return { ok: true, tables: new Set(names as TableName[]) }
}

export function serveStream(
  engine: Pick<FloorConsole, 'attachView' | 'health'>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): void {
  const parsed = parseTables(url.searchParams.get('tables'))
  if (!parsed.ok) {
    res
      .writeHead(400, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' })
      .end(JSON.stringify({ error: parsed.error }))
    return
  }
  const { tables } = parsed
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  res.write('retry: 3000\n\n')
  const known = new Set<string>()
  const send = (event: string, data: unknown): boolean =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)

  const frames = new FrameAssembler()
  const onBatch = (received: DeltaBatch): boolean => {
    const batch = frames.push(received)
    if (!batch) return true
    let ok = true
    if (batch.frame?.kind === 'snapshot') {
      known.clear()
      const rows: Record<string, unknown[]> = {}
      for (const t of tables) rows[t] = []
      for (const d of batch.deltas) {
        if (d.kind !== 'upsert' || !tables.has(d.table)) continue
        known.add(`${d.table}:${d.id}`)
        rows[d.table]!.push(d.row)
      }
      return send('initial', rows)
    }
    for (const d of batch.deltas) {
      if (!tables.has(d.table)) continue
      const key = `${d.table}:${d.id}`
      if (d.kind === 'remove') {
        if (known.delete(key)) ok = send('delete', { table: d.table, id: d.id })
      } else {
        ok = send(known.has(key) ? 'update' : 'insert', { table: d.table, row: d.row })
        known.add(key)
      }
    }
    return ok
  }
  const view = engine.attachView({ send: onBatch })
  res.on('drain', () => view.resume())
  const heartbeat = setInterval(
    () => send('heartbeat', { at: new Date().toISOString(), state: engine.health().state }),
    SSE_HEARTBEAT_MS,
  )
  req.on('close', () => {
    clearInterval(heartbeat)
    view.close()
  })
}
