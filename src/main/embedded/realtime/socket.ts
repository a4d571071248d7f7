// One WebSocket connection speaking Phoenix channels: heartbeats, joins and leaves, routing of everything
// else to the joined channel. Frames for one topic are handled strictly in order (a join finishes before
// that channel's next push is looked at); different topics, and heartbeats, never wait for each other.
import type { WebSocket } from 'ws'
import type { JwtClaims } from '../jwt'
import { ALLOW_ALL, canRead, topicPolicies } from './authorization'
import { Channel, type ChannelSocket } from './channel'
import type { Hub } from './hub'
import { parseJoinPayload } from './join-config'
import { loadReplay, type ReplayedMessage } from './replay'
import { decodeFrame, encodeMessage, type Inbound, type Message, type Vsn } from './serializer'
import { checkToken, isOpaqueKey, joinErrorReason } from './tokens'

export class ClientSocket implements ChannelSocket {
  readonly channels = new Map<string, Channel>()
  private queues = new Map<string, Promise<void>>()
  private closed = false
  /** Phoenix's transport timeout: any inbound frame re-arms it; silence closes the socket. */
  private readonly idleTimer: NodeJS.Timeout

  constructor(
    private readonly ws: WebSocket,
    readonly vsn: Vsn,
    readonly hub: Hub,
    /** The connection token (`apikey`), used by joins that carry no access_token. */
    private readonly token: string,
  ) {
    this.idleTimer = setTimeout(() => this.onIdle(), hub.limits.idleTimeoutMs).unref()
    ws.on('message', (data, isBinary) => this.onFrame(toBuffer(data), isBinary))
    ws.on('ping', () => this.heard())
    ws.on('pong', () => this.heard())
    ws.on('close', () => this.onClose())
    ws.on('error', () => this.onClose())
  }

  send(m: Message): void {
    this.sendFrame(encodeMessage(this.vsn, m))
  }

  sendFrame(frame: string | Buffer): void {
    if (this.closed || this.hub.unresponsive || this.ws.readyState !== this.ws.OPEN) return
    this.ws.send(frame)
    // A consumer that does not read would otherwise grow this process without bound. The real server's
    // transport process is killed at its heap limit; here the socket is reset the same way (client: 1006).
    const queued = this.ws.bufferedAmount
    if (queued > this.hub.limits.maxSendBufferBytes) {
      this.hub.ctx.log.warn(`realtime: slow consumer disconnected with ${queued} bytes unsent`)
      this.terminate()
    }
  }

  detach(channel: Channel): void {
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic)
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason)
    this.onClose()
  }

  terminate(): void {
    this.ws.terminate()
    this.onClose()
  }

  private heard(): void {
    if (!this.hub.unresponsive) this.idleTimer.refresh()
  }

  private onIdle(): void {
    if (this.closed) return
    // A hung server (fault injection) does not time sockets out either.
    if (this.hub.unresponsive) return void this.idleTimer.refresh()
    this.close(1000, '')
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closed || this.hub.unresponsive) return
    this.heard()
    const msg = decodeFrame(this.vsn, data, isBinary)
    if (!msg) return
    if (msg.kind === 'message' && msg.topic === 'phoenix' && msg.event === 'heartbeat') {
      return this.send({
        joinRef: null,
        ref: msg.ref,
        topic: 'phoenix',
        event: 'phx_reply',
        payload: okEmpty,
      })
    }
    const previous = this.queues.get(msg.topic) ?? Promise.resolve()
    const next = previous
      .then(() => this.route(msg))
      .catch((err) => this.hub.ctx.log.error('realtime: frame failed', err))
    this.queues.set(msg.topic, next)
    void next.then(() => {
      if (this.queues.get(msg.topic) === next) this.queues.delete(msg.topic)
    })
  }

  private async route(msg: Inbound): Promise<void> {
    if (this.closed) return
    if (msg.kind === 'message' && msg.event === 'phx_join') return this.join(msg)
    const channel = this.channels.get(msg.topic)
    const member = channel && (msg.joinRef === null || msg.joinRef === channel.joinRef)
    if (msg.kind === 'message' && msg.event === 'phx_leave') {
      if (!channel) return this.send(reply(msg, null, 'ok', {}))
      // A leave for an older incarnation gets no reply: the client raced a server-side close.
      if (!member) return
      channel.reply(msg.ref, 'ok', {})
      return channel.close()
    }
    if (!channel || !member) return this.send(reply(msg, null, 'error', { reason: 'unmatched topic' }))
    if (msg.kind === 'broadcast-push') return channel.handleBroadcastPush(msg)
    await channel.handle(msg)
  }

  private async join(msg: Message): Promise<void> {
    // Phoenix closes the previous incarnation of a topic before it processes the new join.
    this.channels.get(msg.topic)?.close()
    const joinRef = msg.joinRef ?? msg.ref ?? ''
    if (!msg.topic.startsWith('realtime:'))
      return this.send(reply(msg, null, 'error', { reason: 'unmatched topic' }))
    const subTopic = msg.topic.slice('realtime:'.length)
    if (!subTopic) return this.joinError(msg, joinRef, 'TopicNameRequired: You must provide a topic name')
    if (this.channels.size >= this.hub.limits.maxChannelsPerClient) {
      return this.joinError(msg, joinRef, 'ChannelRateLimitReached: Too many channels')
    }
    const config = parseJoinPayload(msg.payload)
    // Refused before any catalog query: each binding costs several, and one join must not stall the server.
    const maxBindings = this.hub.limits.maxBindingsPerJoin
    if (config.postgresChanges.length > maxBindings) {
      return this.joinError(msg, joinRef, `${TOO_MANY_BINDINGS} (maximum ${maxBindings})`)
    }
    const token = config.accessToken && !isOpaqueKey(config.accessToken) ? config.accessToken : this.token
    const check = checkToken(this.hub.ctx, token)
    if (!check.ok) return this.joinError(msg, joinRef, joinErrorReason(check))
    const policies = config.private ? await topicPolicies(this.hub.ctx.db, check.claims, subTopic) : ALLOW_ALL
    if (policies.missingPartition) {
      return this.joinError(msg, joinRef, `MissingPartition: ${MISSING_PARTITION}`)
    }
    if (!canRead(policies)) {
      return this.joinError(
        msg,
        joinRef,
        `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`,
      )
    }
    const replay = await loadReplay(
      this.hub.ctx.db,
      subTopic,
      config.broadcast.replay,
      config.private,
      policies,
    )
    if (!replay.ok) return this.joinError(msg, joinRef, replay.reason)
    if (this.closed) return
    this.openChannel(msg, joinRef, config, token, check.claims, policies, replay.messages)
  }

  private openChannel(
    msg: Message,
    joinRef: string,
    config: ReturnType<typeof parseJoinPayload>,
    token: string,
    claims: JwtClaims,
    policies: Awaited<ReturnType<typeof topicPolicies>>,
    replayed: ReplayedMessage[],
  ): Promise<void> {
    const channel = new Channel(this, msg.topic, joinRef, config, token, claims, policies)
    this.channels.set(msg.topic, channel)
    this.send(reply(msg, joinRef, 'ok', { postgres_changes: channel.bindings() }))
    return channel.start(replayed)
  }

  /** Join errors are answered after the configured pause, like the real server's CHANNEL_ERROR_BACKOFF_MS. */
  private async joinError(msg: Message, joinRef: string, reason: string): Promise<void> {
    const delay = this.hub.limits.joinErrorDelayMs
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay).unref())
    this.send(reply(msg, joinRef, 'error', { reason }))
  }

  private onClose(): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.idleTimer)
    for (const channel of [...this.channels.values()]) channel.dispose()
    this.channels.clear()
  }

  get isClosed(): boolean {
    return this.closed
  }
}

const okEmpty = { status: 'ok', response: {} }
const TOO_MANY_BINDINGS = 'ChannelRateLimitReached: Too many postgres_changes bindings in one join'
const MISSING_PARTITION = 'Realtime was unable to find the expected messages partition'

function reply(
  msg: { ref: string | null; topic: string },
  joinRef: string | null,
  status: 'ok' | 'error',
  response: unknown,
): Message {
  return { joinRef, ref: msg.ref, topic: msg.topic, event: 'phx_reply', payload: { status, response } }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}
