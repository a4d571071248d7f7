// Private channels: what the caller may do on a topic, decided by the RLS policies on realtime.messages the
// way the real server decides it. In one rolled-back transaction with realtime.topic() set: a broadcast
// and a presence row are inserted on the caller's behalf and read back as the caller (read policies), then
// inserted as the caller (write policies).
import type { Claims, Database, Transaction } from '../db/database'

export interface Policies {
  broadcastRead: boolean
  broadcastWrite: boolean
  presenceRead: boolean
  presenceWrite: boolean
  /** The probe found no realtime.messages partition for now (the real server's MissingPartition). */
  missingPartition?: boolean
}

export const ALLOW_ALL: Policies = {
  broadcastRead: true,
  broadcastWrite: true,
  presenceRead: true,
  presenceWrite: true,
}
const DENY_ALL: Policies = {
  broadcastRead: false,
  broadcastWrite: false,
  presenceRead: false,
  presenceWrite: false,
}

export const canRead = (p: Policies): boolean => p.broadcastRead || p.presenceRead

export async function topicPolicies(db: Database, claims: Claims, topic: string): Promise<Policies> {
  try {
    return await db.asRole(
      claims,
      async (tx) => {
        const policies = await evaluate(tx, claims.role, topic)
        await tx.rollback()
        return policies
      },
      { 'realtime.topic': topic },
    )
  } catch (err) {
    // No partition for today's rows: the real server refuses the join with MissingPartition.
    if ((err as { code?: string }).code === '23514') return { ...DENY_ALL, missingPartition: true }
    // An unknown role or a failing policy grants nothing.
    return DENY_ALL
  }
}

async function evaluate(tx: Transaction, role: string, topic: string): Promise<Policies> {
  // The probe rows are written with the server's own rights, then read back as the caller.
  await tx.query(`select set_config('role', 'none', true)`)
  const inserted = await tx.query<{ id: string }>(
    `insert into realtime.messages (topic, extension, private) values ($1, 'broadcast', true), ($1, 'presence', true)
     returning id`,
    [topic],
  )
  await tx.query(`select set_config('role', $1, true)`, [role])
  const readable = await attempt(tx, async () => {
    const res = await tx.query<{ extension: string }>(
      'select extension from realtime.messages where id = any($1::uuid[])',
      [inserted.rows.map((r) => r.id)],
    )
    return res.rows.map((r) => r.extension)
  })
  const write = (extension: string) =>
    attempt(tx, async () => {
      await tx.query(`insert into realtime.messages (topic, extension, private) values ($1, $2, true)`, [
        topic,
        extension,
      ])
      return true
    })
  return {
    broadcastRead: readable?.includes('broadcast') ?? false,
    presenceRead: readable?.includes('presence') ?? false,
    broadcastWrite: (await write('broadcast')) ?? false,
    presenceWrite: (await write('presence')) ?? false,
  }
}

/** Runs `fn` inside a savepoint so a denied statement does not abort the probe transaction. */
async function attempt<T>(tx: Transaction, fn: () => Promise<T>): Promise<T | null> {
  await tx.query('savepoint realtime_probe')
  try {
    const value = await fn()
    await tx.query('release savepoint realtime_probe')
    return value
  } catch {
    await tx.query('rollback to savepoint realtime_probe')
    return null
  }
}
