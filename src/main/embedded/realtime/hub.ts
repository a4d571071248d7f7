// Shared state of the Realtime server: which channels listen on which server topic, presence, the change
// dispatcher, and fan-out of broadcasts with the real server's encoding matrix (kind-4 binary for vsn 2
// receivers of binary-pushed messages, JSON everywhere else, nothing binary-encoded to vsn 1).
import type { BackendContext, RealtimeLimits } from '../context'
import type { CapturedChange } from '../db/database'
import { isRecord } from './join-config'
import { ChangeDispatcher } from './postgres-changes'
import { PresenceTracker, type PresenceDiff } from './presence'
import { encodeMessage, encodeUserBroadcast, type Message, type Vsn } from './serializer'

/** What the hub needs of a channel. */
export interface HubChannel {
  readonly topic: string
  readonly serverTopic: string
  readonly vsn: Vsn
  readonly presenceEnabled: boolean
  /** Private channels: what the read policies allow (the real server withholds the rest per channel). */
  readonly readsBroadcast: boolean
  readonly readsPresence: boolean
  sendFrame(frame: string | Buffer): void
}

/** A broadcast ready for fan-out: a JSON map delivered as received, or a kind-3/binary REST message. */
export type Outgoing =
  | { kind: 'json'; payload: Record<string, unknown> }
  | { kind: 'bytes'; userEvent: string; binary: boolean; bytes: Buffer; meta?: Record<string, unknown> }

export const serverTopic = (subTopic: string, isPrivate: boolean): string =>
  `${isPrivate ? 'private' : 'public'}:${subTopic}`

export class Hub {
  readonly limits: RealtimeLimits
  readonly dispatcher: ChangeDispatcher
  readonly presence = new PresenceTracker<HubChannel>()
  unresponsive = false
  private topics = new Map<string, Set<HubChannel>>()
  private eventWindow = { second: 0, count: 0 }

  constructor(readonly ctx: BackendContext) {
    this.limits = ctx.config.realtime
    this.dispatcher = new ChangeDispatcher(ctx.db, ctx.log, (c) => this.databaseBroadcast(c))
  }

  add(channel: HubChannel): void {
    let set = this.topics.get(channel.serverTopic)
    if (!set) this.topics.set(channel.serverTopic, (set = new Set()))
    set.add(channel)
  }

  remove(channel: HubChannel): void {
    const set = this.topics.get(channel.serverTopic)
    set?.delete(channel)
    if (set?.size === 0) this.topics.delete(channel.serverTopic)
    this.presenceDiff(channel.serverTopic, channel.topic, this.presence.untrack(channel.serverTopic, channel))
  }

  broadcast(serverTopic: string, topic: string, out: Outgoing, exclude?: HubChannel): void {
    const receivers = this.topics.get(serverTopic)
    if (!receivers) return
    const frames = new Map<Vsn, string | Buffer | null>()
    for (const channel of receivers) {
      if (channel === exclude || !channel.readsBroadcast) continue
      let frame = frames.get(channel.vsn)
      if (frame === undefined) frames.set(channel.vsn, (frame = encodeBroadcast(channel.vsn, topic, out)))
      if (frame !== null) channel.sendFrame(frame)
    }
  }

  presenceDiff(serverTopic: string, topic: string, diff: PresenceDiff | null): void {
    if (!diff) return
    const frames = new Map<Vsn, string>()
    const message: Message = { joinRef: null, ref: null, topic, event: 'presence_diff', payload: diff }
    for (const channel of this.topics.get(serverTopic) ?? []) {
      if (!channel.presenceEnabled || !channel.readsPresence) continue
      let frame = frames.get(channel.vsn)
      if (frame === undefined) frames.set(channel.vsn, (frame = encodeMessage(channel.vsn, message)))
      channel.sendFrame(frame)
    }
  }

  /** Counts one client event against the tenant-wide limit; false once the limit is exceeded. */
  allowEvent(): boolean {
    const max = this.limits.maxEventsPerSecond
    if (max <= 0) return true
    const second = Math.floor(this.ctx.now() / 1000)
    if (second !== this.eventWindow.second) this.eventWindow = { second, count: 0 }
    return ++this.eventWindow.count <= max
  }

  /** realtime.send()/broadcast_changes(): a row in realtime.messages becomes a broadcast on its topic. */
  private databaseBroadcast(change: CapturedChange): void {
    const row = change.record
    if (
      !row ||
      row.extension !== 'broadcast' ||
      typeof row.topic !== 'string' ||
      typeof row.event !== 'string'
    )
      return
    const payload: Record<string, unknown> = {
      type: 'broadcast',
      event: row.event,
      payload: row.payload ?? {},
    }
    if (row.id !== undefined) payload.meta = { id: row.id }
    this.broadcast(serverTopic(row.topic, row.private !== false), `realtime:${row.topic}`, {
      kind: 'json',
      payload,
    })
  }

  stats(): { channels: number; subscriptions: number } {
    let channels = 0
    for (const set of this.topics.values()) channels += set.size
    return { channels, subscriptions: this.dispatcher.count() }
  }
}

function encodeBroadcast(vsn: Vsn, topic: string, out: Outgoing): string | Buffer | null {
  if (out.kind === 'json') {
    return encodeMessage(vsn, { joinRef: null, ref: null, topic, event: 'broadcast', payload: out.payload })
  }
  if (vsn === '2.0.0') return encodeUserBroadcast(topic, out.userEvent, out.binary, out.bytes, out.meta)
  // A vsn 1 socket cannot carry raw bytes: binary-encoded payloads are not delivered to it.
  if (out.binary) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(out.bytes.toString('utf8'))
  } catch {
    return null
  }
  const payload: Record<string, unknown> = { event: out.userEvent, payload: parsed, type: 'broadcast' }
  if (out.meta && isRecord(out.meta)) payload.meta = out.meta
  return encodeMessage(vsn, { joinRef: null, ref: null, topic, event: 'broadcast', payload })
}
