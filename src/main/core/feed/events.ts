// The one typed event stream the feed produces. Everything the wire says (socket, heartbeats, the channel,
// changes, ticks, presence, the auth session) reaches the session as one of these; the feed decides nothing.
import type { ChannelStatusName } from '../session/types'
import type { WireChange } from './payload'

export interface PresenceMeta {
  kind: 'console' | 'wallboard'
  email: string
  since: string
  /**
   * The screens this console serves (a headless console's browsers: supervisors and wall displays). A
   * console that lists them is counted as its screens, each with its own kind, and not as itself, so every
   * console of the org counts wall displays it does not serve.
   */
  screens?: PresenceScreen[]
}

export interface PresenceScreen {
  /** Stable for the life of the screen's connection, unique within its console. */
  key: string
  kind: 'console' | 'wallboard'
  /** A wall device's name; null for a supervisor's screen (the console's own user). */
  name: string | null
  since: string
}

export type FeedEvent =
  | { type: 'socket-attempt' }
  | { type: 'socket-open' }
  /** `unreachable`: the connection was refused (nothing listens at the address), as far as the client says. */
  | { type: 'socket-close'; code: number; reason: string; unreachable?: boolean }
  /** supabase-js heartbeat statuses: sent, ok, error, timeout, disconnected. */
  | { type: 'heartbeat'; status: string; rttMs?: number }
  | { type: 'channel'; status: ChannelStatusName; reason?: string }
  | { type: 'system'; ok: boolean; message: string }
  | { type: 'tick'; at: string | null }
  | { type: 'change'; change: WireChange }
  /** A message that could not be read as a change at all. */
  | { type: 'unreadable'; what: string }
  | { type: 'announcement'; payload: unknown }
  | { type: 'presence'; state: Record<string, PresenceMeta[]> }
  /** The access token changed (refreshed); `expiresAt` in epoch seconds. */
  | { type: 'token'; expiresAt: number | null }
  /** The server ended the auth session (refresh token revoked, expired or reused). */
  | { type: 'session-lost'; reason: string }

export type FeedEmit = (event: FeedEvent) => void
