// The demo agents and their softphone sessions: names and starting states drawn from the seed.
import type { Transaction } from '../db/database'
import { FIRST_NAMES, LAST_NAMES } from './demo-data'
import { Rng, namedUuid } from './random'
import { insertRows, type Row } from './sql'

const NOCONFLICT = 'on conflict do nothing'

/** Distinct "First Last" names drawn from the seed. */
function agentNames(rng: Rng, count: number): string[] {
  const names = new Set<string>()
  while (names.size < count) names.add(`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`)
  return [...names]
}

export async function seedAgents(
  tx: Transaction,
  seed: number,
  orgId: string,
  teams: { team: string; count: number }[],
): Promise<void> {
  const rng = new Rng(`${seed}/agents/${orgId}`)
  const names = agentNames(
    rng,
    teams.reduce((n, t) => n + t.count, 0),
  )
  const agents: Row[] = []
  const sessions: Row[] = []
  let n = 0
  for (const { team, count } of teams) {
    for (let i = 0; i < count; i++, n++) {
      const id = namedUuid(seed, `agent/${orgId}/${n}`)
      agents.push({ id, org_id: orgId, name: names[n], team })
      // Most of the floor is signed in; a few are on a break or not yet in.
      const roll = rng.next()
      const status = roll < 0.1 ? 'offline' : roll < 0.2 ? 'break' : 'available'
      sessions.push({
        id: namedUuid(seed, `session/${orgId}/${n}`),
        org_id: orgId,
        agent_id: id,
        status,
        instance_id: `softphone-${String(n + 1).padStart(2, '0')}`,
      })
    }
  }
  await insertRows(
    tx,
    'agents',
    { id: 'uuid', org_id: 'uuid', name: 'text', team: 'text' },
    agents,
    NOCONFLICT,
  )
  await insertRows(
    tx,
    'agent_sessions',
    { id: 'uuid', org_id: 'uuid', agent_id: 'uuid', status: 'text', instance_id: 'text' },
    sessions,
    NOCONFLICT,
  )
}
