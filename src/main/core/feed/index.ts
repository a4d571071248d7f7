// The feed: the only user of @supabase/supabase-js. One client (one socket), the auth session, the
// org's channel through the subscription registry, and REST. It turns the wire into typed callbacks
// and leaves every decision (resync, health, reconnect policy) to the engine.
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import type { CatchUpRequest, CatchUpResult } from '../live'
import type { SessionStore } from '../session'
import { FeedAuth, STORAGE_KEY, storageAdapter } from './auth'
import {
  floorTopic,
  openFloorChannel,
  type DeliveryMode,
  type FloorChannelHandlers,
  type PresenceMeta,
} from './floor-channel'
import * as rest from './rest'
import { SubscriptionRegistry } from './registry'
import { baseWebSocket, observedWebSocket, type SocketObserver } from './transport'

export type { DeliveryMode, PresenceMeta, FloorChannelHandlers } from './floor-channel'
export { fromDatabaseBroadcast, fromPostgresChange, type WireChange } from './payload'
export { FeedRestError, type RestError, type CatchUpOptions } from './rest'
export type { ChannelEntry } from './registry'

export interface FeedEvents extends FloorChannelHandlers, SocketObserver {
  heartbeat(status: string, latencyMs?: number): void
  /** The session changed (signed in, refreshed, signed out). */
  session(): void
  channels(): void
}

export interface FeedOptions {
  supabaseUrl: string
  anonKey: string
  sessionStore: SessionStore
  webSocket?: unknown
  heartbeatIntervalMs: number
  mode: DeliveryMode
  presenceKey: string
  now: () => number
  /** Asked by the socket before each reconnect attempt (the engine's policy decides). */
  reconnectDelay: () => number
  events: FeedEvents
}

/** How long a leave may take before the channel is torn down anyway (a hung server never replies). */
const LEAVE_TIMEOUT_MS = 2_000

export class Feed {
  readonly client: SupabaseClient
  readonly auth: FeedAuth
  readonly registry: SubscriptionRegistry
  private channel: RealtimeChannel | null = null
  private orgId: string | null = null
  private presenceMeta: PresenceMeta | null = null

  constructor(private readonly o: FeedOptions) {
    const transport = observedWebSocket(baseWebSocket(o.webSocket), o.events)
    this.client = createClient(o.supabaseUrl, o.anonKey, {
      auth: {
        autoRefreshToken: true,
        persistSession: true,
        detectSessionInUrl: false,
        storageKey: STORAGE_KEY,
        storage: storageAdapter(o.sessionStore),
      },
      realtime: {
        transport: transport as never,
        heartbeatIntervalMs: o.heartbeatIntervalMs,
        heartbeatCallback: (status, latency) => o.events.heartbeat(status, latency),
        reconnectAfterMs: () => o.reconnectDelay(),
        // Keep the socket while a failing channel waits to be replaced; close() disconnects on purpose.
        disconnectOnEmptyChannelsAfterMs: 10 * 60_000,
      },
    })
    this.auth = new FeedAuth(this.client, o.now, () => o.events.session())
    this.registry = new SubscriptionRegistry(o.now, () => o.events.channels())
  }

  get topic(): string | null {
    return this.orgId === null ? null : floorTopic(this.orgId)
  }

  /** Opens the org's channel (once; reopen() replaces it). */
  open(orgId: string, presence: PresenceMeta): void {
    this.orgId = orgId
    this.presenceMeta = presence
    this.createChannel()
  }

  private createChannel(): void {
    if (this.orgId === null) return
    const topic = floorTopic(this.orgId)
    const handlers: FloorChannelHandlers = {
      ...this.o.events,
      status: (status, reason) => {
        if (this.channel !== channel) return // a channel we already let go of
        if (status === 'SUBSCRIBED' && this.presenceMeta) void channel.track({ ...this.presenceMeta })
        this.o.events.status(status, reason)
      },
    }
    const channel = openFloorChannel(
      this.client,
      { orgId: this.orgId, mode: this.o.mode, presenceKey: this.o.presenceKey },
      handlers,
    )
    this.channel = channel
    this.registry.attach({ topic, close: () => this.release(channel) })
  }

  private async release(channel: RealtimeChannel): Promise<void> {
    if (this.channel === channel) this.channel = null
    await channel.unsubscribe(LEAVE_TIMEOUT_MS)
    channel.teardown()
  }

  /**
   * Lets go of the channel (stopping supabase-js's endless rejoin loop) and keeps its registry entry in
   * error with `reason` until resume() opens a fresh one.
   */
  async park(reason: string): Promise<void> {
    const topic = this.topic
    if (topic !== null && this.channel) await this.registry.detach(topic, reason)
  }

  resume(): void {
    if (this.orgId !== null && !this.channel) this.createChannel()
  }

  get hasChannel(): boolean {
    return this.channel !== null
  }

  get socketOpen(): boolean {
    return this.client.realtime.isConnected()
  }

  /**
   * Tries the socket now: a heartbeat proves an open one; a closed one is reset and reconnected (a plain
   * connect() is a no-op while the failed socket object is still held for the backoff timer).
   */
  async probe(): Promise<void> {
    const realtime = this.client.realtime
    if (realtime.isConnected()) return realtime.sendHeartbeat()
    if (realtime.isConnecting()) return
    await realtime.disconnect()
    realtime.connect()
  }

  catchUp(request: CatchUpRequest, o: rest.CatchUpOptions): Promise<CatchUpResult> {
    return rest.fetchCatchUp(this.client, request, o)
  }

  memberships(userId: string) {
    return rest.fetchMemberships(this.client, userId)
  }

  serverTime() {
    return rest.sampleServerTime(this.client, this.o.now)
  }

  alertAction(input: rest.AlertActionCall): Promise<void> {
    return rest.callAlertAction(this.client, input)
  }

  /** Leaves the org's channel (sign-out, another org). */
  async close(): Promise<void> {
    this.orgId = null
    this.presenceMeta = null
    await this.registry.unsubscribeAll()
    await this.client.realtime.disconnect()
  }

  async stop(): Promise<void> {
    this.orgId = null
    await this.registry.unsubscribeAll()
    await this.client.removeAllChannels()
    this.auth.stop()
  }
}
