// A simulated database writes, deletes and re-inserts while the connection drops (events lost) and
// resyncs at random moments, with writes landing before SUBSCRIBED, during the catch-up and after its
// query ran. Whatever the interleaving, the live state must end equal to the database.
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/main/embedded/simulator/random'
import { ManualClock } from '../../src/main/core/clock.testing'
import { LiveState, type LiveChange } from '../../src/main/core/live/live-state'
import { StreamSync, type CatchUpRequest, type CatchUpResult } from '../../src/main/core/live/stream-sync'
import type { Call } from '../../src/shared/domain/rows'
import { callRow, tombstoneRow, uid } from './support/rows'

/** The simulator's seeded generator, so a failing seed can be replayed. */
function prng(seed: number): () => number {
  const rng = new Rng(seed)
  return () => rng.next()
}

class FakeDatabase {
  rows = new Map<string, Call>()
  tombstones: { seq: number; id: string }[] = []
  private seq = 0

  constructor(private readonly rand: () => number) {}

  /** One random write; returns the change Realtime would deliver for it. */
  write(): LiveChange {
    const id = uid(1 + Math.floor(this.rand() * 25))
    if (this.rows.has(id) && this.rand() < 0.25) {
      this.rows.delete(id)
      this.tombstones.push({ seq: ++this.seq, id })
      return { type: 'delete', table: 'calls', oldRecord: { id } }
    }
    const row = callRow({ id, seq: ++this.seq, hold_seconds: Math.floor(this.rand() * 100) })
    this.rows.set(id, row)
    return { type: 'upsert', table: 'calls', row }
  }

  /** What the feed's REST catch-up would read right now. */
  query(request: CatchUpRequest): CatchUpResult {
    const since = request.tables[0]!
    return {
      rows: { calls: [...this.rows.values()].filter((r) => r.seq > since.sinceSeq) },
      tombstones: this.tombstones
        .filter((t) => t.seq > since.tombstonesSinceSeq)
        .map((t) => tombstoneRow('calls', t.id, t.seq)),
    }
  }
}

function run(seed: number) {
  const rand = prng(seed)
  const db = new FakeDatabase(rand)
  const live = new LiveState()
  const sync = new StreamSync(live, ['calls'], new ManualClock())
  let connected = false
  const writes = (n: number) => {
    for (let i = 0; i < n; i++) {
      const change = db.write()
      if (connected) sync.receive(change)
    }
  }
  const some = () => Math.floor(rand() * 6)
  for (let round = 0; round < 30; round++) {
    writes(some()) // while disconnected: lost
    sync.subscribe()
    connected = true
    writes(some()) // before SUBSCRIBED
    sync.subscribed()
    writes(some()) // before the system confirmation
    const request = sync.confirmed()!
    writes(some()) // during catch-up, before its query
    let result = db.query(request)
    if (rand() < 0.2) {
      const retry = sync.failed(request)!
      writes(some())
      result = db.query(retry)
      writes(some())
      expect(sync.complete(retry, result)).toBe(true)
    } else {
      writes(some()) // after the query ran, before the merge
      expect(sync.complete(request, result)).toBe(true)
    }
    writes(some()) // live
    expect(sync.state).toBe('live')
    connected = false
    sync.lost()
  }
  // Settle: one last clean resync.
  sync.subscribe()
  connected = true
  sync.subscribed()
  const last = sync.confirmed()!
  sync.complete(last, db.query(last))
  return { db, live, sync }
}

describe('resync fuzz', () => {
  it.each(Array.from({ length: 30 }, (_, i) => i + 1))(
    'seed %i: the live state ends equal to the database',
    (seed) => {
      const { db, live, sync } = run(seed)
      const sorted = (m: ReadonlyMap<string, Call>) => [...m].sort(([a], [b]) => a.localeCompare(b))
      expect(sorted(live.table('calls'))).toEqual(sorted(db.rows))
      expect(sync.gaps.get('calls').totalMissed).toBeGreaterThan(0)
      expect(live.malformed()).toEqual({})
    },
  )
})
