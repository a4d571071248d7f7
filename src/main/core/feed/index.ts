// The feed: the only user of @supabase/supabase-js. One client (one socket), the auth session, the org's
// channel and REST. It turns the wire into one typed event stream (events.ts) and carries out what the
// session asks; every decision (resync, health, reconnects) belongs to the session machine.
import type { RuleUpdateRequest } from '../../../shared/contract'
import type { AlertRule } from '../../../shared/domain/rows'
import { updateAlertRule } from './rules'
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import type { CatchUpRequest, CatchUpResult } from '../live'
import type { OrgMembership, SessionStore } from '../session-store'
import { FeedAuth, FeedAuthError, STORAGE_KEY, storageAdapter } from './auth'
import type { FeedEmit, PresenceMeta } from './events'
import { floorTopic, openFloorChannel, type DeliveryMode } from './floor-channel'
import * as rest from './rest'
import { baseWebSocket, observedWebSocket, type ObservedTransport } from './transport'

export type { DeliveryMode } from './floor-channel'
export type { FeedEvent, FeedEmit, PresenceMeta, PresenceScreen } from './events'
export { fromDatabaseBroadcast, fromPostgresChange, type WireChange } from './payload'
export { FeedRestError, type RestError, type CatchUpOptions, type AlertActionCall } from './rest'
export { FeedAuthError, TOKEN_MARGIN_MS, savedUserId } from './auth'

export interface FeedOptions {
  supabaseUrl: string
  anonKey: string
  sessionStore: SessionStore
  webSocket?: unknown
  /** The HTTP client for REST and Auth (default: the global fetch). */
  fetch?: typeof fetch
  /** A REST or Auth request with no answer after this long fails (a hung server must not hang a catch-up). */
  requestTimeoutMs?: number
  heartbeatIntervalMs: number
  mode: DeliveryMode
  presenceKey: string
  now: () => number
  /** Asked by the socket before each reconnect attempt (the session machine decides). */
  reconnectDelay: () => number
  emit: FeedEmit
}

export interface Authenticated {
  user: { id: string; email: string }
  orgs: OrgMembership[]
  orgId: string
  expiresAt: number | null
}

/** `fetch` with a deadline: supabase-js sets none, and a request to a hung server would wait forever. */
export function timedFetch(base: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline
    return base(input, { ...init, signal })
  }
}

/** How long a leave may take before the channel is torn down anyway (a hung server never replies). */
const LEAVE_TIMEOUT_MS = 2_000

export class Feed {
  private readonly client: SupabaseClient
  readonly auth: FeedAuth
  private channel: RealtimeChannel | null = null
  /** The current channel is SUBSCRIBED (presence can be tracked on it). */
  private joined = false
  private readonly transport: ObservedTransport
  /** Channels opened over the feed's life (a reconnect does not open one; a replacement does). */
  channelsOpened = 0

  constructor(private readonly o: FeedOptions) {
    this.transport = observedWebSocket(baseWebSocket(o.webSocket), o.emit)
    this.client = createClient(o.supabaseUrl, o.anonKey, {
      auth: {
        autoRefreshToken: true,
        persistSession: true,
        detectSessionInUrl: false,
        storageKey: STORAGE_KEY,
        storage: storageAdapter(o.sessionStore),
      },
      global: { fetch: timedFetch(o.fetch ?? globalThis.fetch, o.requestTimeoutMs ?? 30_000) },
      realtime: {
        transport: this.transport.WebSocket as never,
        heartbeatIntervalMs: o.heartbeatIntervalMs,
        heartbeatCallback: (status, rttMs) => o.emit({ type: 'heartbeat', status, rttMs }),
        reconnectAfterMs: () => o.reconnectDelay(),
        // Keep the socket while a failing channel waits to be replaced; close() disconnects on purpose.
        disconnectOnEmptyChannelsAfterMs: 10 * 60_000,
      },
    })
    this.auth = new FeedAuth(this.client, o.now, o.emit)
  }

  /**
   * Restores the saved session or signs in with `credentials`, loads the memberships and picks the org
   * (`wanted`, else the first). `force` signs in even over a saved session (the user's own sign-in).
   * Null when there is no session to be had; FeedAuthError when it failed.
   */
  async authenticate(
    credentials: { email: string; password: string } | undefined,
    wanted: string | undefined,
    force = false,
  ): Promise<Authenticated | null> {
    const session =
      force && credentials ? await this.auth.signIn(credentials) : await this.auth.start(credentials)
    const user = this.auth.user
    if (!session || !user) return null
    let orgs: OrgMembership[]
    try {
      orgs = await rest.fetchMemberships(this.client, user.id)
    } catch (err) {
      const d = err instanceof rest.FeedRestError ? err.detail : { message: String(err), code: 'network' }
      const status = 'status' in d ? (d.status ?? 0) : 0
      throw new FeedAuthError(
        `could not load the memberships: ${d.message}`,
        status === 0 || status >= 500,
        d.code,
      )
    }
    const orgId = wanted ?? orgs[0]?.id
    if (!orgId || !orgs.some((org) => org.id === orgId)) {
      const message = orgId
        ? `${user.email} is not a member of organisation ${orgId}`
        : `${user.email} belongs to no organisation`
      throw new FeedAuthError(message, false, 'no_membership')
    }
    return { user, orgs, orgId, expiresAt: this.auth.expiresAt }
  }

  /**
   * Opens (or replaces) the org's channel and tracks this console's presence (as it is then) each time it
   * is joined. The old channel is fully let go of first: supabase-js hands back a registered channel of
   * the same topic.
   */
  async openChannel(orgId: string, presence: () => PresenceMeta): Promise<void> {
    await this.parkChannel()
    const channel = openFloorChannel(
      this.client,
      { orgId, mode: this.o.mode, presenceKey: this.o.presenceKey },
      (event) => {
        // Statuses and messages of a channel we already let go of are not this session's business.
        if (this.channel === channel) this.o.emit(event)
      },
    )
    this.channel = channel
    this.channelsOpened++
    this.joined = false
    channel.subscribe((status, err) => {
      if (this.channel !== channel) return
      this.joined = status === 'SUBSCRIBED'
      if (this.joined) void channel.track({ ...presence() })
      this.o.emit({ type: 'channel', status, reason: err?.message })
    })
  }

  /** Replaces this console's presence on the joined channel; a channel not joined tracks it on joining. */
  async track(presence: PresenceMeta): Promise<void> {
    if (this.channel && this.joined) await this.channel.track({ ...presence })
  }

  /** Lets go of the channel (which stops supabase-js's endless rejoin loop). */
  async parkChannel(): Promise<void> {
    const channel = this.channel
    if (!channel) return
    this.channel = null
    await channel.unsubscribe(LEAVE_TIMEOUT_MS)
    channel.teardown()
  }

  get hasChannel(): boolean {
    return this.channel !== null
  }

  get channelTopic(): string | null {
    return this.channel ? this.channel.topic : null
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

  /** Gives up on a connection attempt that is still not open; supabase-js retries after its backoff. */
  abortAttempt(): void {
    this.transport.abortAttempt()
  }

  catchUp(request: CatchUpRequest, o: rest.CatchUpOptions): Promise<CatchUpResult> {
    return rest.fetchCatchUp(this.client, request, o)
  }

  serverTime() {
    return rest.sampleServerTime(this.client, this.o.now)
  }

  alertAction(input: rest.AlertActionCall): Promise<{ status: string } | null> {
    return rest.callAlertAction(this.client, input)
  }

  announce(input: { orgId: string; text: string; minutes: number }): Promise<unknown> {
    return rest.callAnnounce(this.client, input)
  }

  alertActionApplied(clientEventId: string): Promise<boolean> {
    return rest.alertActionApplied(this.client, clientEventId)
  }

  updateRule(input: RuleUpdateRequest): Promise<AlertRule> {
    return updateAlertRule(this.client, input)
  }

  /** Ends the auth session here (the saved tokens are cleared; other devices stay signed in). */
  signOut(): Promise<void> {
    return this.auth.signOut()
  }

  /** Leaves the channel, closes the socket and stops refreshing: the feed is done. */
  async close(): Promise<void> {
    this.auth.stop()
    await this.parkChannel()
    await this.client.removeAllChannels()
    await this.client.realtime.disconnect()
  }
}

export { floorTopic }
