// The org's one channel, `floor:<orgId>`: postgres_changes bindings for every streamed table and the
// tombstones (or, in broadcast mode, a private channel fed by realtime.broadcast_changes triggers),
// presence of the consoles and displays watching, and the server's `tick` and `announcement` broadcasts.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { TABLE_NAMES } from '../../../shared/domain/tables'
import { fromDatabaseBroadcast, fromPostgresChange, TOMBSTONES, type WireChange } from './payload'

export type DeliveryMode = 'postgres_changes' | 'broadcast'

export interface PresenceMeta {
  kind: 'console' | 'wallboard'
  email: string
  since: string
}

export interface FloorChannelHandlers {
  change(change: WireChange): void
  /** A message that could not be read as a change at all. */
  unreadable(what: string): void
  status(status: 'SUBSCRIBED' | 'TIMED_OUT' | 'CLOSED' | 'CHANNEL_ERROR', reason?: string): void
  /** The postgres_changes `system` message: ok = "Subscribed to PostgreSQL". */
  system(ok: boolean, message: string): void
  tick(at: string | null): void
  announcement(payload: unknown): void
  presence(state: Record<string, PresenceMeta[]>): void
}

export const STREAMED = [...TABLE_NAMES, TOMBSTONES] as const
export const floorTopic = (orgId: string): string => `floor:${orgId}`

export interface FloorChannelOptions {
  orgId: string
  mode: DeliveryMode
  presenceKey: string
}

const DB_EVENTS = new Set(['INSERT', 'UPDATE', 'DELETE'])

function onBroadcast(
  message: { event?: unknown; payload?: unknown },
  h: FloorChannelHandlers,
  mode: DeliveryMode,
): void {
  const event = typeof message.event === 'string' ? message.event : ''
  if (event === 'tick') {
    const p = message.payload as { at?: unknown } | undefined
    return h.tick(typeof p?.at === 'string' ? p.at : null)
  }
  if (event === 'announcement') return h.announcement(message.payload)
  if (mode !== 'broadcast' || !DB_EVENTS.has(event.toUpperCase())) return
  const change = fromDatabaseBroadcast(message)
  if (change) h.change(change)
  else h.unreadable(`broadcast ${event}`)
}

/** Builds and subscribes the channel; supabase-js rejoins it by itself after socket drops. */
export function openFloorChannel(
  client: SupabaseClient,
  o: FloorChannelOptions,
  h: FloorChannelHandlers,
): RealtimeChannel {
  const channel = client.channel(floorTopic(o.orgId), {
    config: { private: true, presence: { key: o.presenceKey, enabled: true } },
  })
  if (o.mode === 'postgres_changes') {
    for (const table of STREAMED) {
      channel.on(
        'postgres_changes',
        { event: '*', schema: 'public', table, filter: `org_id=eq.${o.orgId}` },
        (p) => {
          const change = fromPostgresChange(p)
          if (change) h.change(change)
          else h.unreadable(`postgres_changes on ${table}`)
        },
      )
    }
    channel.on('system', {}, (p: { extension?: string; status?: string; message?: string }) => {
      if (p?.extension === 'postgres_changes') h.system(p.status === 'ok', String(p.message ?? ''))
    })
  }
  channel.on('broadcast', { event: '*' }, (m) => onBroadcast(m, h, o.mode))
  channel.on('presence', { event: 'sync' }, () =>
    h.presence(channel.presenceState() as unknown as Record<string, PresenceMeta[]>),
  )
  channel.subscribe((status, err) => h.status(status, err?.message))
  return channel
}
