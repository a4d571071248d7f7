// Relays live deltas to any number of views (windows, the headless bridge). Per entity only the latest
// delta is kept until the next flush, which happens `flushIntervalMs` after the first pending delta or
// at once when the pending batch reaches `maxBatchBytes` of JSON. A new view gets a snapshot first; a
// view that cannot keep up gets a fresh snapshot instead of an unbounded queue (see view.ts).
import type { Clock, TimerHandle } from '../clock'
import { deltaKey, type Delta } from '../../../shared/domain/delta'
import { ENVELOPE_BYTES, sized, splitBatches, type Sized, type SizedBatch } from './batching'
import { RelayView, type ViewCounters, type ViewSink } from './view'

export interface RelaySource {
  /** The whole current state as upserts. */
  snapshot(): Delta[]
  subscribe(listener: (deltas: readonly Delta[]) => void): () => void
}

export interface ViewHandle {
  readonly id: number
  /** The view drained its backlog (e.g. a socket's bufferedAmount fell): deliver what is waiting. */
  resume(): void
  close(): void
}

export interface RelayOptions {
  flushIntervalMs: number
  maxBatchBytes: number
  /** Per view: beyond this much queued delta JSON, the queue is replaced by a fresh snapshot. */
  maxQueuedBytes: number
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  flushIntervalMs: 50,
  maxBatchBytes: 64 * 1024,
  maxQueuedBytes: 4 * 1024 * 1024,
}

export interface RelayStats extends ViewCounters {
  views: number
  pendingDeltas: number
  pendingBytes: number
  flushes: number
}

export class Relay {
  private readonly options: RelayOptions
  private readonly pending = new Map<string, Sized>()
  private readonly views = new Map<number, RelayView>()
  private readonly counters: ViewCounters = {
    batchesSent: 0,
    snapshotsSent: 0,
    resnapshots: 0,
    viewErrors: 0,
  }
  private readonly unsubscribe: () => void
  private pendingDeltaBytes = 0
  private timer: TimerHandle | undefined
  private nextViewId = 1
  private flushes = 0
  private stopped = false

  constructor(
    private readonly source: RelaySource,
    private readonly clock: Clock,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...options }
    this.unsubscribe = source.subscribe((deltas) => this.push(deltas))
  }

  addView(sink: ViewSink): ViewHandle {
    if (this.stopped) throw new Error('relay is stopped')
    // The snapshot already contains what is pending: flush it to the existing views first so the new
    // view does not receive the same changes twice.
    this.flush()
    const view = new RelayView(
      this.nextViewId++,
      sink,
      () => this.snapshotBatches(),
      this.options.maxQueuedBytes,
      this.counters,
      (v) => this.removeView(v),
    )
    this.views.set(view.id, view)
    view.sendSnapshot()
    return { id: view.id, resume: () => view.resume(), close: () => this.removeView(view) }
  }

  /** Sends everything pending now (also used by the timer and the size trigger). */
  flush(): void {
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.size === 0) return
    const batches = splitBatches([...this.pending.values()], this.options.maxBatchBytes, false)
    this.pending.clear()
    this.pendingDeltaBytes = 0
    this.flushes++
    for (const view of [...this.views.values()]) view.deliver(batches)
  }

  stats(): RelayStats {
    return {
      ...this.counters,
      views: this.views.size,
      pendingDeltas: this.pending.size,
      pendingBytes: this.pendingBytes(),
      flushes: this.flushes,
    }
  }

  stop(): void {
    this.stopped = true
    this.unsubscribe()
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.pending.clear()
    this.pendingDeltaBytes = 0
    for (const view of [...this.views.values()]) this.removeView(view)
  }

  private push(deltas: readonly Delta[]): void {
    if (this.stopped) return
    for (const delta of deltas) {
      const key = deltaKey(delta)
      // Latest wins; re-inserting moves the entity to the end so batches keep change order.
      const next = sized(delta)
      this.pendingDeltaBytes += next.bytes - (this.pending.get(key)?.bytes ?? 0)
      this.pending.delete(key)
      this.pending.set(key, next)
    }
    if (this.pending.size === 0) return
    if (this.pendingBytes() >= this.options.maxBatchBytes) this.flush()
    else if (this.timer === undefined) {
      this.timer = this.clock.setTimeout(() => this.flush(), this.options.flushIntervalMs)
    }
  }

  /** JSON size of the pending batch: envelope, deltas and the commas between them. */
  private pendingBytes(): number {
    return this.pending.size === 0 ? 0 : ENVELOPE_BYTES + this.pendingDeltaBytes + this.pending.size - 1
  }

  private snapshotBatches(): SizedBatch[] {
    return splitBatches(this.source.snapshot().map(sized), this.options.maxBatchBytes, true)
  }

  private removeView(view: RelayView): void {
    view.closed = true
    this.views.delete(view.id)
  }
}
