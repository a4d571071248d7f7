// Bounded history: heartbeats and finished calls older than their windows are deleted. Each deletion
// leaves a tombstone so that consoles catching up learn about it; those tombstones are kept for the same
// window and then go too, so nothing grows without end. Tombstones carry `seq`, not the simulated clock,
// so the windows are mapped onto seq through marks taken at each pass.
import type { Transaction } from '../db/database'
import { PACE } from './demo-data'
import { clock, iso, type Tick } from './tick'

export interface HistoryWindows {
  /** World ms a finished call is kept. */
  callsMs: number
  /** World ms a heartbeat row is kept. */
  heartbeatsMs: number
}

export const DEFAULT_HISTORY: HistoryWindows = {
  callsMs: PACE.historyMs,
  heartbeatsMs: PACE.heartbeatHistoryMs,
}

export class History {
  private marks: Array<{ at: number; seq: number }> = []

  constructor(
    private readonly orgId: string,
    private readonly windows: HistoryWindows,
  ) {}

  /** Returns the number of rows changed (deleted rows, their tombstones, expired tombstones). */
  async prune(tx: Transaction, t: Tick): Promise<number> {
    const heartbeatsBefore = t.now - clock(t, this.windows.heartbeatsMs)
    const callsBefore = t.now - clock(t, this.windows.callsMs)
    const beats = await tx.query('delete from public.heartbeats where org_id = $1 and checked_at < $2', [
      this.orgId,
      iso(heartbeatsBefore),
    ])
    const calls = await tx.query(
      `delete from public.calls where org_id = $1 and status in ('completed', 'abandoned', 'failed')
          and coalesce(ended_at, status_changed_at) < $2`,
      [this.orgId, iso(callsBefore)],
    )
    // Each deleted row also inserted its tombstone.
    let n = 2 * ((beats.affectedRows ?? 0) + (calls.affectedRows ?? 0))
    const seq = await tx.query<{ v: string }>('select last_value::text as v from public.floor_seq')
    this.marks.push({ at: t.now, seq: Number(seq.rows[0]!.v) })
    n += await this.expire(tx, 'heartbeats', heartbeatsBefore)
    n += await this.expire(tx, 'calls', callsBefore)
    this.forget(Math.min(heartbeatsBefore, callsBefore))
    return n
  }

  private async expire(tx: Transaction, table: string, before: number): Promise<number> {
    const mark = this.markAt(before)
    if (!mark) return 0
    const res = await tx.query(
      'delete from public.tombstones where org_id = $1 and table_name = $2 and seq <= $3',
      [this.orgId, table, mark.seq],
    )
    return res.affectedRows ?? 0
  }

  /** The latest mark taken at or before `time`. */
  private markAt(time: number): { at: number; seq: number } | undefined {
    let found: { at: number; seq: number } | undefined
    for (const mark of this.marks) if (mark.at <= time) found = mark
    return found
  }

  private forget(time: number): void {
    const keep = this.markAt(time)
    if (keep) this.marks = this.marks.filter((m) => m.at >= keep.at)
  }
}
