// What a join asks for beyond the channel itself, answered as the real server answers it: `broadcast.replay`
// (private channels only: the last database broadcasts of the topic since a time, at most 25, each marked
// `replayed`) and `broadcast.replication_ready` (a system message once changes flow, which here is at once).
import type { Database } from '../db/database'
import type { Policies } from './authorization'
import { isRecord } from './join-config'

export interface ReplayedMessage {
  id: string
  event: string
  payload: unknown
}

const MAX_REPLAY = 25

export type ReplayOutcome = { ok: true; messages: ReplayedMessage[] } | { ok: false; reason: string }

/** `replay` is the join's `config.broadcast.replay` as sent (undefined when absent). */
export async function loadReplay(
  db: Database,
  subTopic: string,
  replay: unknown,
  isPrivate: boolean,
  policies: Policies,
): Promise<ReplayOutcome> {
  if (replay === undefined) return { ok: true, messages: [] }
  if (isPrivate && !policies.broadcastRead) {
    return {
      ok: false,
      reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`,
    }
  }
  if (!isPrivate) {
    return { ok: false, reason: 'UnableToReplayMessages: Replay is not allowed for public channels' }
  }
  // A replay that is not an object is ignored by the real server too.
  if (!isRecord(replay)) return { ok: true, messages: [] }
  const { since, limit = MAX_REPLAY } = replay
  if (!Number.isSafeInteger(since) || !Number.isSafeInteger(limit) || Math.abs(since as number) > 8.64e15) {
    return { ok: false, reason: 'UnableToReplayMessages: Replay params are not valid' }
  }
  const { rows } = await db.query<ReplayedMessage>(
    `select id::text as id, event, payload from realtime.messages
      where topic = $1 and private and extension = 'broadcast'
        and inserted_at >= to_timestamp($2::float8 / 1000) at time zone 'utc'
        and inserted_at < (now() at time zone 'utc') + interval '1 minute'
      order by inserted_at desc limit $3`,
    [subTopic, since, Math.max(1, Math.min(limit as number, MAX_REPLAY))],
  )
  return { ok: true, messages: rows.reverse() }
}
