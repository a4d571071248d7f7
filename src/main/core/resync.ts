// Runs the catch-ups StreamSync asks for (REST reads, retried with backoff while the stream still wants
// them) and the REST polling fallback, which drives the same StreamSync from a timer when the WebSocket
// cannot be established.
import type { Clock, TimerHandle } from './clock'
import { fullJitter } from './health'
import type { CatchUpRequest, CatchUpResult, StreamSync } from './live'

export interface ResyncHooks {
  fetch(request: CatchUpRequest): Promise<CatchUpResult>
  /** The stream merged a catch-up and is live. */
  merged(request: CatchUpRequest): void
  failed(message: string): void
}

const RETRY_BASE_MS = 500
const RETRY_CAP_MS = 15_000

export class ResyncDriver {
  private retries = 0
  private retryTimer: TimerHandle | undefined
  private pollTimer: TimerHandle | undefined
  private polling = false
  private stopped = false

  constructor(
    private readonly sync: StreamSync,
    private readonly clock: Clock,
    private readonly hooks: ResyncHooks,
    /** Delay before the next poll after one that succeeded (true) or failed. */
    private readonly nextPollMs: (ok: boolean) => number,
  ) {}

  /** Runs `request` (from StreamSync.subscribed/confirmed); null means nothing to do yet. */
  handle(request: CatchUpRequest | null): void {
    if (request && !this.stopped) void this.run(request)
  }

  private async run(request: CatchUpRequest): Promise<void> {
    let result: CatchUpResult
    try {
      result = await this.hooks.fetch(request)
    } catch (err) {
      this.hooks.failed(`catch-up failed: ${err instanceof Error ? err.message : String(err)}`)
      const retry = this.sync.failed(request)
      // While polling, the next poll is the retry.
      if (retry && !this.stopped && !this.polling) {
        const delay = fullJitter(this.retries++, RETRY_BASE_MS, RETRY_CAP_MS, Math.random) + RETRY_BASE_MS
        this.clock.clearTimeout(this.retryTimer)
        this.retryTimer = this.clock.setTimeout(() => this.handle(retry), delay)
      }
      if (this.polling) this.schedulePoll(this.nextPollMs(false))
      return
    }
    if (this.stopped) return
    // A stale request (the stream re-subscribed meanwhile) is dropped; polling goes on regardless.
    if (this.sync.complete(request, result)) {
      this.retries = 0
      this.hooks.merged(request)
    }
    if (this.polling) this.schedulePoll(this.nextPollMs(true))
  }

  get isPolling(): boolean {
    return this.polling
  }

  /** REST polling: each poll is one incremental catch-up of the same stream. */
  startPolling(firstInMs: number): void {
    this.polling = true
    this.schedulePoll(firstInMs)
  }

  stopPolling(): void {
    this.polling = false
    this.clock.clearTimeout(this.pollTimer)
    this.pollTimer = undefined
  }

  private schedulePoll(ms: number): void {
    this.clock.clearTimeout(this.pollTimer)
    this.pollTimer = this.clock.setTimeout(() => this.poll(), ms)
  }

  private poll(): void {
    if (!this.polling || this.stopped) return
    // Without a channel there is no live delivery and no confirmation to wait for.
    const request = this.sync.subscribed() ?? this.sync.confirmed()
    if (request) this.handle(request)
    else this.schedulePoll(this.nextPollMs(true))
  }

  stop(): void {
    this.stopped = true
    this.stopPolling()
    this.clock.clearTimeout(this.retryTimer)
  }
}
