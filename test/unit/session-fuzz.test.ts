// A simulated database writes, deletes and re-inserts while the connection drops (events lost), the
// channel rejoins silently, catch-ups fail or are overtaken, and tombstones are pruned past what the console
// knows. The session (the real machine, runner and merger, on the in-memory feed) must always end LIVE and
// equal to the database, whatever the interleaving.
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/main/embedded/simulator/random'
import type { LiveChange } from '../../src/main/core/live/live-state'
import type { CatchUpRequest, CatchUpResult } from '../../src/main/core/live/merger'
import type { FeedEvent } from '../../src/main/core/feed'
import type { Call } from '../../src/shared/domain/rows'
import { callRow, tombstoneRow, uid } from './support/rows'
import { fakeSession, settle } from './support/session'

class FakeDatabase {
  rows = new Map<string, Call>()
  tombstones: { seq: number; id: string }[] = []
  /** Tombstones up to here were pruned. */
  prunedThrough = 0
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

  prune(): void {
    this.prunedThrough = this.seq
    this.tombstones = []
  }

  /** What the feed's REST catch-up would read right now (the horizon check included). */
  query(request: CatchUpRequest): CatchUpResult {
    const calls = request.tables.find((t) => t.table === 'calls')!
    if (request.full) {
      return {
        rows: { calls: [...this.rows.values()] },
        tombstones: [],
        snapshotHwm: { calls: this.seq },
        tombstoneHwm: { calls: this.seq },
      }
    }
    if (this.prunedThrough > calls.tombstonesSinceSeq) {
      return { rows: {}, tombstones: [], horizonCrossed: ['calls'], horizonPublished: true }
    }
    return {
      rows: { calls: [...this.rows.values()].filter((r) => r.seq > calls.sinceSeq) },
      tombstones: this.tombstones
        .filter((t) => t.seq > calls.tombstonesSinceSeq)
        .map((t) => tombstoneRow('calls', t.id, t.seq)),
      horizonPublished: true,
    }
  }
}

async function run(seed: number) {
  const rng = new Rng(seed)
  const rand = () => rng.next()
  const db = new FakeDatabase(rand)
  const t = fakeSession()
  let connected = false
  const writes = (n: number) => {
    for (let i = 0; i < n; i++) {
      const change = db.write()
      if (connected) {
        t.feed.emit({ type: 'change', change: { change, table: 'calls', committedAt: null } })
        // A tombstone is streamed too (its own binding), right after the delete.
        if (change.type === 'delete') {
          const last = db.tombstones.at(-1)!
          t.feed.emit({
            type: 'change',
            change: {
              change: { type: 'tombstone', row: tombstoneRow('calls', last.id, last.seq) },
              table: 'tombstones',
              committedAt: null,
            },
          })
        }
      }
    }
  }
  const some = () => Math.floor(rand() * 6)
  /** Answers every pending catch-up the way the database is now (in order), failing some. */
  const answer = async () => {
    while (t.feed.catchUps.length > 0) {
      const next = t.feed.nextCatchUp()
      if (rand() < 0.15) next.reject(new Error('fetch failed'))
      else next.resolve(db.query(next.request))
      await settle()
      writes(some()) // after the query ran, before or after the merge
      if (t.feed.catchUps.length === 0 && !t.session.state.sync.live) t.clock.advance(20_000) // retry timer
      await settle()
    }
  }
  await t.start()
  const events: FeedEvent[][] = [
    [{ type: 'socket-close', code: 1006, reason: '' }, { type: 'socket-open' }],
    [{ type: 'channel', status: 'SUBSCRIBED' }], // a silent rejoin
  ]
  for (let round = 0; round < 30; round++) {
    writes(some()) // while disconnected: lost
    if (rand() < 0.15) db.prune()
    connected = true
    const drop = events[Math.floor(rand() * events.length)]!
    if (round > 0) t.feed.emit(...drop)
    else t.feed.emit({ type: 'socket-open' })
    writes(some()) // before SUBSCRIBED
    t.feed.emit({ type: 'channel', status: 'SUBSCRIBED' })
    writes(some()) // before the system confirmation
    t.feed.emit({ type: 'system', ok: true, message: 'Subscribed to PostgreSQL' })
    await settle()
    writes(some()) // during catch-up, before its query
    await answer()
    expect(t.session.state.sync.live).toBe(true)
    writes(some()) // live
    connected = rand() < 0.5 // sometimes the next drop loses nothing
    if (!connected) t.feed.emit({ type: 'socket-close', code: 1006, reason: '' })
  }
  // Settle: one last clean resync.
  connected = true
  t.feed.emit({ type: 'socket-open' }, { type: 'channel', status: 'SUBSCRIBED' })
  t.feed.emit({ type: 'system', ok: true, message: 'Subscribed to PostgreSQL' })
  await settle()
  await answer()
  return { db, t }
}

describe('session fuzz', () => {
  const totals = { fullAfterFirst: 0, failed: 0 }

  it.each(Array.from({ length: 30 }, (_, i) => i + 1))(
    'seed %i: the live state ends live and equal to the database',
    async (seed) => {
      const { db, t } = await run(seed)
      const sorted = (m: ReadonlyMap<string, Call>) => [...m].sort(([a], [b]) => a.localeCompare(b))
      expect(t.session.state.sync.live).toBe(true)
      expect(sorted(t.live.table('calls'))).toEqual(sorted(db.rows))
      expect(t.session.merger.gaps.get('calls').totalMissed).toBeGreaterThan(0)
      expect(t.live.malformed()).toEqual({})
      totals.fullAfterFirst += t.feed.log.filter((l) => l.endsWith(' full')).length - 1
      totals.failed += t.logs.filter((l) => l.includes('catch-up failed')).length
    },
  )

  it('exercised full resyncs past the tombstone horizon and failed catch-ups across the seeds', () => {
    expect(totals.fullAfterFirst).toBeGreaterThan(5)
    expect(totals.failed).toBeGreaterThan(5)
  })
})
