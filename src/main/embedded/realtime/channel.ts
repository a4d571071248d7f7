// One joined channel on one socket: broadcast in, presence, postgres_changes subscriptions, token updates
// and the expiry watchdog, and the ways a channel ends (leave, server shutdown, socket close).
import { randomUUID } from 'node:crypto'
import type { JwtClaims } from '../jwt'
import { topicPolicies, canRead, type Policies } from './authorization'
import type { Hub, HubChannel, Outgoing } from './hub'
import { serverTopic } from './hub'
import { asRecord, isRecord, type JoinConfig } from './join-config'
import type { ChangeSink } from './postgres-changes'
import type { ReplayedMessage } from './replay'
import type { BroadcastPush, Message, Vsn } from './serializer'
import { bindingId, createSubscriptions } from './subscriptions'
import { checkToken, isOpaqueKey } from './tokens'

/** What a channel needs of its socket. */
export interface ChannelSocket {
  readonly vsn: Vsn
  readonly hub: Hub
  send(m: Message): void
  sendFrame(frame: string | Buffer): void
  detach(channel: Channel): void
}

export class Channel implements HubChannel, ChangeSink {
  alive = true
  presenceEnabled: boolean
  readonly serverTopic: string
  readonly subTopic: string
  private readonly presenceKey: string
  private watchdog: NodeJS.Timeout | null = null
  private presenceCalls: number[] = []

  constructor(
    private readonly socket: ChannelSocket,
    readonly topic: string,
    readonly joinRef: string,
    readonly config: JoinConfig,
    private token: string,
    public claims: JwtClaims,
    private policies: Policies,
  ) {
    this.subTopic = topic.slice('realtime:'.length)
    this.serverTopic = serverTopic(this.subTopic, config.private)
    this.presenceEnabled = config.presence.enabled
    this.presenceKey = config.presence.key || randomUUID()
  }

  get vsn(): Vsn {
    return this.socket.vsn
  }
  get readsBroadcast(): boolean {
    return !this.config.private || this.policies.broadcastRead
  }
  get readsPresence(): boolean {
    return !this.config.private || this.policies.presenceRead
  }
  get claimsKey(): string {
    return this.token
  }
  private get hub(): Hub {
    return this.socket.hub
  }

  /** The join reply's `postgres_changes`: each requested entry verbatim plus its id. */
  bindings(): Record<string, unknown>[] {
    return this.config.postgresChanges.map((c) => ({ ...c, id: bindingId(c) }))
  }

  /** After the join reply: replayed broadcasts, presence state, the database subscription, the watchdog. */
  async start(replayed: ReplayedMessage[] = []): Promise<void> {
    for (const m of replayed) {
      const meta = { replayed: true, id: m.id }
      this.push('broadcast', { type: 'broadcast', event: m.event, payload: m.payload, meta })
    }
    this.hub.add(this)
    // Changes are captured in the database itself, so "replication" is ready as soon as the channel is.
    if (this.config.broadcast.replicationReady) {
      this.push('system', {
        message: 'Replication connection established',
        status: 'ok',
        extension: 'system',
        channel: this.subTopic,
      })
    }
    if (this.presenceEnabled) {
      this.push('presence_state', this.readsPresence ? this.hub.presence.state(this.serverTopic) : {})
    }
    if (this.config.postgresChanges.length > 0) await this.subscribePostgres()
    this.scheduleWatchdog()
  }

  sendFrame(frame: string | Buffer): void {
    if (this.alive) this.socket.sendFrame(frame)
  }

  deliverChange(ids: number[], data: Record<string, unknown>): void {
    if (!this.alive) return
    this.socket.send({
      joinRef: null,
      ref: null,
      topic: this.topic,
      event: 'postgres_changes',
      payload: { ids, data },
    })
  }

  async handle(msg: Message): Promise<void> {
    switch (msg.event) {
      case 'broadcast':
        return this.handleJsonBroadcast(msg.ref, msg.payload)
      case 'presence':
        return this.handlePresence(msg.ref, msg.payload)
      case 'access_token':
        return this.handleAccessToken(msg.payload)
      default:
        // The real channel logs unknown events and carries on.
        return
    }
  }

  handleBroadcastPush(push: BroadcastPush): void {
    const out: Outgoing = { kind: 'bytes', userEvent: push.userEvent, binary: push.binary, bytes: push.bytes }
    this.broadcastIn(push.ref, out, push.bytes.length)
  }

  private handleJsonBroadcast(ref: string | null, payload: unknown): void {
    if (!isRecord(payload)) return
    this.broadcastIn(
      ref,
      { kind: 'json', payload },
      Buffer.byteLength(JSON.stringify(payload.payload ?? null)),
    )
  }

  private broadcastIn(ref: string | null, out: Outgoing, size: number): void {
    if (!this.hub.allowEvent()) return this.shutdown('Too many messages per second')
    // Writes the policies do not allow are dropped without a word, as on the real server.
    if (this.config.private && !this.policies.broadcastWrite) return
    if (size > this.hub.limits.maxPayloadBytes) {
      if (this.config.broadcast.ack) this.reply(ref, 'error', 'payload_size_exceeded')
      return
    }
    this.hub.broadcast(this.serverTopic, this.topic, out, this.config.broadcast.self ? undefined : this)
    if (this.config.broadcast.ack) this.reply(ref, 'ok', {})
  }

  private handlePresence(ref: string | null, payload: unknown): void {
    if (!this.presenceCallAllowed()) return this.shutdown('Client presence rate limit exceeded')
    const p = asRecord(payload)
    const event = typeof p.event === 'string' ? p.event.toLowerCase() : ''
    if ((event !== 'track' && event !== 'untrack') || (this.config.private && !this.policies.presenceWrite)) {
      return this.reply(ref, 'error', {})
    }
    if (event === 'untrack') {
      this.hub.presenceDiff(this.serverTopic, this.topic, this.hub.presence.untrack(this.serverTopic, this))
      return this.reply(ref, 'ok', {})
    }
    if (!isRecord(p.payload))
      return this.reply(ref, 'error', { reason: 'Presence track payload must be a map' })
    const bytes = Buffer.byteLength(JSON.stringify(p.payload))
    const { maxPayloadBytes, maxPresenceBytesPerTopic } = this.hub.limits
    // The topic's total is bounded too (embedded only), with the real server's refusal for one large track.
    if (
      bytes > maxPayloadBytes ||
      !this.hub.presence.fits(this.serverTopic, this, bytes, maxPresenceBytesPerTopic)
    ) {
      return this.reply(ref, 'error', { reason: 'Track message size exceeded' })
    }
    // Tracking turns presence on for this channel, without a presence_state (as the real server does).
    this.presenceEnabled = true
    const diff = this.hub.presence.track(this.serverTopic, this, this.presenceKey, p.payload)
    this.hub.presenceDiff(this.serverTopic, this.topic, diff)
    this.reply(ref, 'ok', {})
  }

  private presenceCallAllowed(): boolean {
    const { presenceCallsPerWindow: max, presenceWindowMs: windowMs } = this.hub.limits
    if (max <= 0) return true
    const now = this.hub.ctx.now()
    this.presenceCalls = this.presenceCalls.filter((t) => now - t < windowMs)
    this.presenceCalls.push(now)
    return this.presenceCalls.length <= max
  }

  /** No reply is ever sent; an unusable token ends the channel. */
  private async handleAccessToken(payload: unknown): Promise<void> {
    const token = asRecord(payload).access_token
    if (typeof token !== 'string' || isOpaqueKey(token) || token === this.token) return
    const check = checkToken(this.hub.ctx, token)
    if (!check.ok) return this.shutdown(check.message)
    this.token = token
    this.claims = check.claims
    if (this.config.private) {
      this.policies = await topicPolicies(this.hub.ctx.db, check.claims, this.subTopic)
      if (!this.alive) return
      if (!canRead(this.policies)) {
        return this.shutdown(
          `You no longer have permission to read from this Channel topic: ${this.subTopic}`,
        )
      }
    }
    if (this.config.postgresChanges.length > 0) await this.subscribePostgres()
    this.scheduleWatchdog()
  }

  private async subscribePostgres(): Promise<void> {
    const role = String(this.claims.role)
    let result: Awaited<ReturnType<typeof createSubscriptions>>
    try {
      result = await createSubscriptions(this.hub.ctx.db, role, this.config.postgresChanges)
    } catch (err) {
      result = {
        ok: false,
        error: `Unable to subscribe to changes with given parameters. ${(err as Error).message}`,
      }
    }
    if (!this.alive) return
    if (result.ok) this.hub.dispatcher.set(this, result.value)
    else this.hub.dispatcher.remove(this)
    const message = result.ok ? 'Subscribed to PostgreSQL' : result.error
    const status = result.ok ? 'ok' : 'error'
    this.push('system', { message, status, extension: 'postgres_changes', channel: this.subTopic })
  }

  private scheduleWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog)
    const untilExpiry = this.claims.exp * 1000 - this.hub.ctx.now()
    const wait = Math.min(this.hub.limits.tokenCheckIntervalMs, Math.max(untilExpiry, 0) + 25)
    this.watchdog = setTimeout(() => {
      this.watchdog = null
      const check = checkToken(this.hub.ctx, this.token)
      if (!check.ok) this.shutdown(check.message)
      else this.scheduleWatchdog()
    }, wait)
    this.watchdog.unref()
  }

  push(event: string, payload: unknown): void {
    this.socket.send({ joinRef: this.joinRef, ref: null, topic: this.topic, event, payload })
  }

  reply(ref: string | null, status: 'ok' | 'error', response: unknown): void {
    if (!this.alive) return
    const payload = { status, response }
    this.socket.send({ joinRef: this.joinRef, ref, topic: this.topic, event: 'phx_reply', payload })
  }

  /** Server-side end: a system error, then phx_close; the client does not rejoin. */
  shutdown(message: string): void {
    if (!this.alive) return
    this.push('system', { message, status: 'error', extension: 'system', channel: this.subTopic })
    this.close()
  }

  /** phx_close (join_ref = ref = join_ref) and cleanup. */
  close(): void {
    if (!this.alive) return
    this.socket.send({
      joinRef: this.joinRef,
      ref: this.joinRef,
      topic: this.topic,
      event: 'phx_close',
      payload: {},
    })
    this.dispose()
  }

  /** Cleanup without telling the client (the socket is gone). */
  dispose(): void {
    if (!this.alive) return
    this.alive = false
    if (this.watchdog) clearTimeout(this.watchdog)
    this.hub.dispatcher.remove(this)
    this.hub.remove(this)
    this.socket.detach(this)
  }
}
