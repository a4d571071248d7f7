// A sliding-window event rate in fixed buckets: constant memory whatever the event volume.

export class RateWindow {
  private readonly counts: number[]
  private readonly buckets: number
  /** Index (in bucket units since the epoch) of the newest bucket written. */
  private head = -1

  constructor(
    private readonly windowMs = 10_000,
    private readonly bucketMs = 1_000,
  ) {
    this.buckets = Math.max(1, Math.round(windowMs / bucketMs))
    this.counts = new Array<number>(this.buckets).fill(0)
  }

  add(now: number, n = 1): void {
    this.roll(now)
    const slot = this.head % this.buckets
    this.counts[slot] = (this.counts[slot] ?? 0) + n
  }

  /** Events in the window. */
  total(now: number): number {
    this.roll(now)
    return this.counts.reduce((a, b) => a + b, 0)
  }

  /** Events per second over the window. */
  perSecond(now: number): number {
    return this.total(now) / (this.windowMs / 1000)
  }

  private roll(now: number): void {
    const index = Math.floor(now / this.bucketMs)
    if (this.head < 0 || index - this.head >= this.buckets) {
      this.counts.fill(0)
    } else {
      for (let i = this.head + 1; i <= index; i++) this.counts[i % this.buckets] = 0
    }
    if (index > this.head) this.head = index
  }
}
