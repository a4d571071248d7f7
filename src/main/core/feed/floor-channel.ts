// The org's one channel, `floor:<orgId>`: postgres_changes bindings for every streamed table and the
// tombstones (or, in broadcast mode, messages from realtime.broadcast_changes triggers), presence of the
// consoles and displays watching, and the server's `tick` and `announcement` broadcasts.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { TABLE_NAMES } from '../../../shared/domain/tables'
import type { FeedEmit, PresenceMeta } from './events'
import { fromDatabaseBroadcast, fromPostgresChange, TOMBSTONES } from './payload'

export type DeliveryMode = 'postgres_changes' | 'broadcast'

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
  emit: FeedEmit,
  mode: DeliveryMode,
): void {
  const event = typeof message.event === 'string' ? message.event : ''
  if (event === 'tick') {
    const p = message.payload as { at?: unknown } | undefined
    return emit({ type: 'tick', at: typeof p?.at === 'string' ? p.at : null })
  }
  if (event === 'announcement') return emit({ type: 'announcement', payload: message.payload })
  if (mode !== 'broadcast' || !DB_EVENTS.has(event.toUpperCase())) return
  const change = fromDatabaseBroadcast(message)
  emit(change ? { type: 'change', change } : { type: 'unreadable', what: `broadcast ${event}` })
}

/**
 * Builds and subscribes the channel; supabase-js rejoins it by itself after socket drops. `emit` receives
 * its statuses too (the caller filters those of channels it already let go of).
 */
export function openFloorChannel(
  client: SupabaseClient,
  o: FloorChannelOptions,
  emit: FeedEmit,
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
          emit(
            change
              ? { type: 'change', change }
              : { type: 'unreadable', what: `postgres_changes on ${table}` },
          )
        },
      )
    }
    channel.on('system', {}, (p: { extension?: string; status?: string; message?: string }) => {
      if (p?.extension === 'postgres_changes') {
        emit({ type: 'system', ok: p.status === 'ok', message: String(p.message ?? '') })
      }
    })
  }
  channel.on('broadcast', { event: '*' }, (m) => onBroadcast(m, emit, o.mode))
  channel.on('presence', { event: 'sync' }, () =>
    emit({ type: 'presence', state: channel.presenceState() as unknown as Record<string, PresenceMeta[]> }),
  )
  return channel
}

export type { PresenceMeta }
