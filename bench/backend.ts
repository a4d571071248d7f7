// Backend benchmark: changes per second from commit to one subscribed supabase-js client (signed in as the
// demo supervisor, so every change goes through the row-level-security check), commit→receipt latency at
// fixed rates and at the maximum, and the backend process's memory. The backend runs in its own process,
// as it does for the console; the load is written over REST with the service key.
import WebSocket from 'ws'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { spawnBackend, type SpawnedBackend } from '../src/main/embedded/spawn'
import { rssMiB, sleep, summarise } from './stats'

interface Phase {
  rate: number | 'max'
  seconds: number
}

async function subscriber(b: SpawnedBackend, onChange: (commitTs: string) => void): Promise<SupabaseClient> {
  const sb = createClient(b.info.api_url, b.info.anon_key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
  const { error } = await sb.auth.signInWithPassword(b.info.demo!)
  if (error) throw new Error(`demo sign-in failed: ${error.message}`)
  await new Promise<void>((resolve, reject) => {
    sb.channel('bench')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'calls' }, (p) =>
        onChange(p.commit_timestamp),
      )
      .subscribe((status, err) => {
        if (status === 'SUBSCRIBED') resolve()
        else if (status !== 'CLOSED') reject(err ?? new Error(status))
      })
  })
  await sleep(500) // the system confirmation follows SUBSCRIBED
  return sb
}

async function insertCalls(b: SpawnedBackend, orgId: string, n: number): Promise<void> {
  const rows = Array.from({ length: n }, () => ({ org_id: orgId, caller_masked: '+44 •••• ••1234' }))
  const res = await fetch(`${b.info.api_url}/rest/v1/calls`, {
    method: 'POST',
    headers: {
      apikey: b.info.service_role_key,
      Authorization: `Bearer ${b.info.service_role_key}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(rows),
  })
  if (res.status !== 201) throw new Error(`insert failed: ${res.status} ${await res.text()}`)
}

async function runPhase(
  b: SpawnedBackend,
  orgId: string,
  phase: Phase,
  received: { latencies: number[]; count: number },
) {
  received.latencies = []
  received.count = 0
  const started = Date.now()
  const end = started + phase.seconds * 1000
  let sent = 0
  if (phase.rate === 'max') {
    // Closed loop: two writers, each sending the next batch as soon as the previous one committed.
    const writer = async () => {
      while (Date.now() < end) {
        await insertCalls(b, orgId, 200)
        sent += 200
      }
    }
    await Promise.all([writer(), writer()])
  } else {
    const tickMs = 20
    const perTick = (phase.rate * tickMs) / 1000
    let carry = 0
    for (let t = started; t < end; t += tickMs) {
      carry += perTick
      const n = Math.floor(carry)
      carry -= n
      if (n > 0) {
        await insertCalls(b, orgId, n)
        sent += n
      }
      const wait = t + tickMs - Date.now()
      if (wait > 0) await sleep(wait)
    }
  }
  const sendSeconds = (Date.now() - started) / 1000
  const drainDeadline = Date.now() + 10_000
  while (received.count < sent && Date.now() < drainDeadline) await sleep(20)
  const deliverSeconds = (Date.now() - started) / 1000
  return {
    rate: phase.rate,
    sent,
    delivered: received.count,
    lost: sent - received.count,
    offeredPerSecond: Math.round(sent / sendSeconds),
    deliveredPerSecond: Math.round(received.count / deliverSeconds),
    latencyMs: summarise(received.latencies),
    backendRssMiB: rssMiB(b.child.pid!),
  }
}

export default async function run(args: string[]): Promise<Record<string, unknown>> {
  const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 10)
  const b = await spawnBackend({ args: ['--ephemeral', '--rate', '0'] })
  try {
    const rssIdle = rssMiB(b.child.pid!)
    const received = { latencies: [] as number[], count: 0 }
    const sb = await subscriber(b, (ts) => {
      received.count++
      received.latencies.push(Date.now() - Date.parse(ts))
    })
    const orgs = await sb.from('orgs').select('id').limit(1).single()
    if (orgs.error) throw new Error(orgs.error.message)
    const phases: Phase[] = [
      { rate: 100, seconds },
      { rate: 1000, seconds },
      { rate: 'max', seconds },
    ]
    const results = []
    for (const phase of phases) {
      const r = await runPhase(b, orgs.data.id as string, phase, received)
      console.log(
        `rate ${String(r.rate).padStart(4)}: ${r.deliveredPerSecond}/s delivered, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, lost ${r.lost}`,
      )
      results.push(r)
    }
    await sb.removeAllChannels()
    return { secondsPerPhase: seconds, backendRssIdleMiB: rssIdle, phases: results }
  } finally {
    await b.stop()
  }
}
