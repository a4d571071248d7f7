// Presence state per server topic, with Phoenix.Tracker's diff semantics: a track is a join, an update is
// a join of the new meta (with phx_ref_prev) plus a leave of the old one, an untrack or departure a leave.
import { randomBytes } from 'node:crypto'

type Meta = Record<string, unknown> & { phx_ref: string }
export type PresenceMap = Record<string, { metas: Meta[] }>
export interface PresenceDiff {
  joins: PresenceMap
  leaves: PresenceMap
}

/** Who is present: any object identifying one tracking channel. */
interface Entry {
  key: string
  meta: Meta
  payload: string
}

export class PresenceTracker<Owner extends object> {
  private topics = new Map<string, Map<Owner, Entry>>()
  /** Bytes of tracked payloads per topic: every join sends a topic's whole state, so it is bounded. */
  private sizes = new Map<string, number>()
  private counter = 0

  /** Whether tracking `bytes` for `owner` (replacing its current payload) keeps the topic within `max`. */
  fits(topic: string, owner: Owner, bytes: number, max: number): boolean {
    const previous = this.topics.get(topic)?.get(owner)
    const total = (this.sizes.get(topic) ?? 0) - (previous ? Buffer.byteLength(previous.payload) : 0)
    return total + bytes <= max
  }

  private resize(topic: string, delta: number): void {
    const size = (this.sizes.get(topic) ?? 0) + delta
    if (size <= 0) this.sizes.delete(topic)
    else this.sizes.set(topic, size)
  }

  /** The full state of a topic, as `presence_state` carries it. */
  state(topic: string): PresenceMap {
    const out: PresenceMap = {}
    for (const entry of this.topics.get(topic)?.values() ?? []) {
      ;(out[entry.key] ??= { metas: [] }).metas.push(entry.meta)
    }
    return out
  }

  /** Tracks (or updates) `owner` under `key`; null when the payload is identical (no diff, like Tracker). */
  track(topic: string, owner: Owner, key: string, payload: Record<string, unknown>): PresenceDiff | null {
    let entries = this.topics.get(topic)
    if (!entries) this.topics.set(topic, (entries = new Map()))
    const previous = entries.get(owner)
    const text = JSON.stringify(payload)
    if (previous && previous.key === key && previous.payload === text) return null
    const meta: Meta = { ...payload, phx_ref: this.nextRef() }
    if (previous) meta.phx_ref_prev = previous.meta.phx_ref
    entries.set(owner, { key, meta, payload: text })
    this.resize(topic, Buffer.byteLength(text) - (previous ? Buffer.byteLength(previous.payload) : 0))
    const diff: PresenceDiff = { joins: { [key]: { metas: [meta] } }, leaves: {} }
    if (previous) diff.leaves[previous.key] = { metas: [previous.meta] }
    return diff
  }

  untrack(topic: string, owner: Owner): PresenceDiff | null {
    const entries = this.topics.get(topic)
    const previous = entries?.get(owner)
    if (!entries || !previous) return null
    entries.delete(owner)
    this.resize(topic, -Buffer.byteLength(previous.payload))
    if (entries.size === 0) this.topics.delete(topic)
    return { joins: {}, leaves: { [previous.key]: { metas: [previous.meta] } } }
  }

  /** Opaque, unique, short: Phoenix refs look like `F9k…`; clients only compare them. */
  private nextRef(): string {
    this.counter = (this.counter + 1) % 0x10000
    return `F${Date.now().toString(36)}${this.counter.toString(36)}${randomBytes(3).toString('base64url')}`
  }
}
