// One view's delivery: sends while the view keeps up, queues (bounded) while it is saturated, and swaps
// an overflowing queue for a fresh snapshot, because a snapshot's size is bounded by the state while a
// queue of deltas grows with time. Batches leave in order, so a frame is never interleaved with news.
import type { DeltaBatch } from '../../../shared/domain/delta'
import type { SizedBatch } from './batching'

export interface ViewSink {
  /** Delivers a batch (always accepted). Returns false when saturated: send no more until resume(). */
  send(batch: DeltaBatch): boolean
}

export interface ViewCounters {
  batchesSent: number
  snapshotsSent: number
  resnapshots: number
  viewErrors: number
}

interface Queued extends SizedBatch {
  partOfSnapshot: boolean
}

export class RelayView {
  private queue: Queued[] = []
  /** Bytes of queued delta batches (snapshot batches are bounded by the state and not counted). */
  private queuedDeltaBytes = 0
  private paused = false
  private needsSnapshot = false
  closed = false

  constructor(
    readonly id: number,
    private readonly sink: ViewSink,
    private readonly snapshot: () => SizedBatch[],
    private readonly maxQueuedBytes: number,
    private readonly counters: ViewCounters,
    private readonly onFailure: (view: RelayView) => void,
  ) {}

  get backlog(): number {
    return this.queue.length
  }

  /** Replaces whatever is queued (it is all in the snapshot) with a snapshot frame, built now or given. */
  sendSnapshot(batches: readonly SizedBatch[] = this.snapshot()): void {
    this.queue = []
    this.queuedDeltaBytes = 0
    this.needsSnapshot = false
    this.counters.snapshotsSent++
    for (const b of batches) this.enqueue({ ...b, partOfSnapshot: true })
    this.drain()
  }

  deliver(batches: readonly SizedBatch[]): void {
    if (this.closed || this.needsSnapshot) return
    for (const b of batches) this.enqueue({ ...b, partOfSnapshot: false })
    this.drain()
    // Only a saturated view overflows: it will call resume(), and that is when the snapshot goes out.
    if (this.paused && this.queuedDeltaBytes > this.maxQueuedBytes) {
      this.queue = []
      this.queuedDeltaBytes = 0
      this.needsSnapshot = true
    }
  }

  resume(): void {
    if (this.closed) return
    this.paused = false
    if (this.needsSnapshot) {
      this.counters.resnapshots++
      this.sendSnapshot()
    } else this.drain()
  }

  private enqueue(b: Queued): void {
    this.queue.push(b)
    if (!b.partOfSnapshot) this.queuedDeltaBytes += b.bytes
  }

  private drain(): void {
    while (!this.paused && !this.closed && this.queue.length > 0) {
      const next = this.queue.shift() as Queued
      if (!next.partOfSnapshot) this.queuedDeltaBytes -= next.bytes
      let accepted: boolean
      try {
        accepted = this.sink.send(next.batch)
      } catch {
        // A view whose transport throws (a destroyed window) is dropped; the others carry on.
        this.counters.viewErrors++
        this.onFailure(this)
        return
      }
      this.counters.batchesSent++
      if (accepted === false) this.paused = true
    }
  }
}
