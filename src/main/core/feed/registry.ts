// Every channel the feed holds, with its status and the reason when it is not connected. It is the one
// place that creates and removes channels, so the count stays what the design says (one per org and
// mode) across reconnects, and unsubscribeAll leaves nothing behind.
import type { ChannelStatus } from '../health'

export interface ChannelEntry {
  topic: string
  status: ChannelStatus
  reason?: string
  /** Local time of the last status change. */
  since: number
  /** Consecutive errors since the channel was last connected. */
  errors: number
}

export interface Subscription {
  readonly topic: string
  close(): Promise<void>
}

export class SubscriptionRegistry {
  private readonly entries = new Map<string, { entry: ChannelEntry; sub: Subscription }>()
  /** Channels opened over the registry's life (a reconnect does not open one; a replacement does). */
  opened = 0

  constructor(
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {}

  /** Registers the channel for `sub.topic`, or replaces the one held (which must be closed already). */
  attach(sub: Subscription): void {
    const found = this.entries.get(sub.topic)
    if (found) {
      this.opened++
      found.sub = sub
      this.setStatus(sub.topic, 'connecting', found.entry.reason)
      return
    }
    this.opened++
    const entry: ChannelEntry = { topic: sub.topic, status: 'connecting', since: this.now(), errors: 0 }
    this.entries.set(sub.topic, { entry, sub })
    this.onChange()
  }

  /** Closes the channel but keeps its entry, in error with `reason`, until a new one is attached. */
  async detach(topic: string, reason: string): Promise<void> {
    const found = this.entries.get(topic)
    if (!found) return
    const sub = found.sub
    found.sub = { topic, close: async () => {} }
    this.setStatus(topic, 'error', reason)
    await sub.close()
  }

  has(topic: string): boolean {
    return this.entries.has(topic)
  }

  setStatus(topic: string, status: ChannelStatus, reason?: string): ChannelEntry | null {
    const found = this.entries.get(topic)
    if (!found) return null
    const e = found.entry
    if (status === 'connected') e.errors = 0
    if (status === 'error') e.errors++
    if (e.status !== status || e.reason !== reason) {
      e.status = status
      e.since = this.now()
      if (reason === undefined) delete e.reason
      else e.reason = reason
      this.onChange()
    }
    return { ...e }
  }

  /** Channels not connected go back to connecting (the socket just opened and will rejoin them). */
  rejoining(): void {
    for (const { entry } of this.entries.values()) {
      if (entry.status !== 'connected') this.setStatus(entry.topic, 'connecting', entry.reason)
    }
  }

  async remove(topic: string): Promise<void> {
    const found = this.entries.get(topic)
    if (!found) return
    this.entries.delete(topic)
    this.onChange()
    await found.sub.close()
  }

  async unsubscribeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((t) => this.remove(t)))
  }

  list(): ChannelEntry[] {
    return [...this.entries.values()].map(({ entry }) => ({ ...entry }))
  }

  get size(): number {
    return this.entries.size
  }
}
