// The `phx_join` payload. Like the real server, invalid fields are defaulted rather than rejected, and the
// booleans also accept "true"/"false" strings in any case.

export interface JoinConfig {
  broadcast: {
    self: boolean
    ack: boolean
    /** `replay` as sent (undefined when absent); validated at join (replay.ts). */
    replay: unknown
    replicationReady: boolean
  }
  presence: { enabled: boolean; key: string }
  /** The requested postgres_changes entries, verbatim (null and non-object entries dropped). */
  postgresChanges: Record<string, unknown>[]
  private: boolean
  /** `access_token` from the payload, if it is a string. */
  accessToken: string | null
}

export function parseJoinPayload(payload: unknown): JoinConfig {
  const p = asRecord(payload)
  const config = asRecord(p.config)
  const broadcast = asRecord(config.broadcast)
  const presence = asRecord(config.presence)
  const changes = Array.isArray(config.postgres_changes) ? config.postgres_changes : []
  return {
    broadcast: {
      self: flexibleBoolean(broadcast.self),
      ack: flexibleBoolean(broadcast.ack),
      replay: broadcast.replay,
      replicationReady: flexibleBoolean(broadcast.replication_ready),
    },
    presence: {
      enabled: flexibleBoolean(presence.enabled),
      key: typeof presence.key === 'string' ? presence.key : '',
    },
    postgresChanges: changes.filter(
      (c): c is Record<string, unknown> => typeof c === 'object' && c !== null && !Array.isArray(c),
    ),
    private: flexibleBoolean(config.private),
    accessToken: typeof p.access_token === 'string' ? p.access_token : null,
  }
}

export function flexibleBoolean(v: unknown, fallback = false): boolean {
  if (typeof v === 'boolean') return v
  if (typeof v === 'string') {
    const s = v.toLowerCase()
    if (s === 'true') return true
    if (s === 'false') return false
  }
  return fallback
}

export function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
