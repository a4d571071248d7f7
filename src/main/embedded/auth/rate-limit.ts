// A sliding-window counter per key (here: password attempts per email). In memory: the embedded backend
// is one process, and a restart forgetting the counts is harmless.
export class SlidingWindowLimiter {
  private hits = new Map<string, number[]>()
  private sweeps = 0

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records an attempt; false (and not recorded, so memory stays bounded) when the key is at its limit. */
  attempt(key: string, now: number): boolean {
    if (this.limit <= 0) return true
    const since = now - this.windowMs
    const list = (this.hits.get(key) ?? []).filter((t) => t > since)
    if (++this.sweeps % 1000 === 0) this.sweep(since)
    if (list.length >= this.limit) {
      this.hits.set(key, list)
      return false
    }
    list.push(now)
    this.hits.set(key, list)
    return true
  }

  private sweep(since: number): void {
    for (const [key, list] of this.hits) if (!list.some((t) => t > since)) this.hits.delete(key)
  }
}
