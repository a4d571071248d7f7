// Relays the live state to any number of views (windows, the headless bridge, SSE streams, the alert
// policy). Live news is coalesced: per entity only the latest delta is kept until the next flush. Flushes
// are at most one per `flushIntervalMs`: news after a quiet spell goes at once (on the next turn of the
// event loop, so one socket read is one batch), news within the interval of the last flush waits for the
// interval's end, and a pending batch that reaches `maxBatchBytes` of JSON goes at once. Replayed state
// always travels framed: a view gets a snapshot frame when it attaches, when it fell behind, and whenever
// the whole state is replaced; a catch-up's changes travel as one resync frame. Frames are never coalesced
// with news and never interleaved with it.
import type { Clock, TimerHandle } from '../clock'
import { deltaKey, type DataSource, type Delta } from '../../../shared/domain/delta'
import type { LiveEvent } from '../live'
import { envelopeBytes, sized, splitBatches, type FrameHead, type Sized, type SizedBatch } from './batching'
import { RelayView, type ViewCounters, type ViewSink } from './view'

export interface RelaySource {
  /** The whole current state as upserts. */
  snapshot(): Delta[]
  /** What the current state is (nothing yet, the offline cache, the server). */
  readonly source: DataSource
  subscribe(listener: (event: LiveEvent) => void): () => void
}

export interface ViewHandle {
  readonly id: number
  /** The view drained its backlog (e.g. a socket's bufferedAmount fell): deliver what is waiting. */
  resume(): void
  close(): void
}

export interface RelayOptions {
  /** The least time between two flushes of live news. */
  flushIntervalMs: number
  maxBatchBytes: number
  /** Per view: beyond this much queued delta JSON, the queue is replaced by a fresh snapshot. */
  maxQueuedBytes: number
}

/** Room left in 64 KiB for the envelope a batch travels in (the bridge's `{"event":"floor:batch","payload":…}`). */
export const ENVELOPE_ROOM_BYTES = 256

export const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  flushIntervalMs: 50,
  // A batch and its envelope stay within 64 KiB on every path: IPC, the bridge, SSE.
  maxBatchBytes: 64 * 1024 - ENVELOPE_ROOM_BYTES,
  maxQueuedBytes: 4 * 1024 * 1024,
}

export interface RelayStats extends ViewCounters {
  views: number
  pendingDeltas: number
  pendingBytes: number
  flushes: number
  frames: number
}

/** Latest delta per entity, in change order (re-inserting moves an entity to the end). */
function coalesce(into: Map<string, Sized>, deltas: readonly Delta[]): number {
  let grew = 0
  for (const delta of deltas) {
    const key = deltaKey(delta)
    const next = sized(delta)
    grew += next.bytes - (into.get(key)?.bytes ?? 0)
    into.delete(key)
    into.set(key, next)
  }
  return grew
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
  private nextFrameId = 1
  private flushes = 0
  private lastFlushAt = Number.NEGATIVE_INFINITY
  private stopped = false

  constructor(
    private readonly source: RelaySource,
    private readonly clock: Clock,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...options }
    this.unsubscribe = source.subscribe((event) => this.onEvent(event))
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

  /** Sends every pending live delta now (also used by the timer and the size trigger). */
  flush(): void {
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.size === 0) return
    const batches = splitBatches([...this.pending.values()], this.options.maxBatchBytes)
    this.pending.clear()
    this.pendingDeltaBytes = 0
    this.flushes++
    this.lastFlushAt = this.clock.now()
    this.deliver(batches)
  }

  stats(): RelayStats {
    return {
      ...this.counters,
      views: this.views.size,
      pendingDeltas: this.pending.size,
      pendingBytes: this.pendingBytes(),
      flushes: this.flushes,
      frames: this.nextFrameId - 1,
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

  private onEvent(event: LiveEvent): void {
    if (this.stopped) return
    if (event.kind === 'live') return this.push(event.deltas)
    if (event.kind === 'resync') {
      // News that happened before the catch-up goes first, unmixed with the frame.
      this.flush()
      const items = new Map<string, Sized>()
      coalesce(items, event.deltas)
      const head = this.frame('resync')
      if (event.gapMs !== undefined) head.gapMs = event.gapMs
      this.deliver(splitBatches([...items.values()], this.options.maxBatchBytes, head))
      return
    }
    // The whole state was replaced: what is pending is part of the new state, and every view re-reads it.
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.pending.clear()
    this.pendingDeltaBytes = 0
    if (this.views.size === 0) return
    const batches = this.snapshotBatches()
    for (const view of [...this.views.values()]) view.sendSnapshot(batches)
  }

  private push(deltas: readonly Delta[]): void {
    this.pendingDeltaBytes += coalesce(this.pending, deltas)
    if (this.pending.size === 0) return
    if (this.pendingBytes() >= this.options.maxBatchBytes) this.flush()
    else if (this.timer === undefined) {
      const wait = this.lastFlushAt + this.options.flushIntervalMs - this.clock.now()
      this.timer = this.clock.setTimeout(() => this.flush(), Math.max(0, wait))
    }
  }

  private deliver(batches: readonly SizedBatch[]): void {
    for (const view of [...this.views.values()]) view.deliver(batches)
  }

  private frame(kind: 'snapshot' | 'resync'): FrameHead {
    const head: FrameHead = { id: this.nextFrameId++, kind }
    // Both kinds say what the rows are now: a resync can turn a cached floor into the server's.
    head.source = this.source.source
    return head
  }

  /** JSON size of the pending batch: envelope, deltas and the commas between them. */
  private pendingBytes(): number {
    return this.pending.size === 0 ? 0 : envelopeBytes() + this.pendingDeltaBytes + this.pending.size - 1
  }

  private snapshotBatches(): SizedBatch[] {
    return splitBatches(this.source.snapshot().map(sized), this.options.maxBatchBytes, this.frame('snapshot'))
  }

  private removeView(view: RelayView): void {
    view.closed = true
    this.views.delete(view.id)
  }
}
