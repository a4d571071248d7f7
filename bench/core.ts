// Core benchmark: what the engine (feed → live state → relay → view) costs and how fast it is, against the
// embedded backend in its own process, with changes written over REST at fixed rates.
//   - latency commit → view at 1,000 changes/s (p50/p99), with the relay's 50 ms coalescing included;
//   - events per second ingested and relayed at the backend's maximum write rate;
//   - CPU per event (process.cpuUsage, the load generator's own cost measured alone and subtracted)
//     against the naive pattern of common Supabase examples on the same load: a channel per table, a copy
//     of the state per event, and the state forwarded to the view per event;
//   - memory over a soak at 200 changes/s (heap and RSS after warm-up).
// Usage: npm run bench -- core [--phase 10] [--soak 60]; the 10-minute soak: npm run bench -- core --soak 600
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import WebSocket from 'ws'
import { createClient } from '@supabase/supabase-js'
import { createConsole, type Console } from '../src/main/core/console'
import { applyBatch, type ViewState } from '../src/shared/domain/delta'
import { TABLE_NAMES } from '../src/shared/domain/tables'
import { spawnBackend, type SpawnedBackend } from '../src/main/embedded/spawn'
import { sleep, summarise } from './stats'

const POOL = 2_000 // calls on the floor: a busy day's worth, updated round-robin
const STREAMED: string[] = [...TABLE_NAMES, 'tombstones']

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`)
  const v = i >= 0 ? Number(args[i + 1]) : NaN
  return Number.isFinite(v) && v > 0 ? v : fallback
}

class Load {
  private ids: string[] = []
  private next = 0
  private value = 0
  constructor(private readonly b: SpawnedBackend) {}

  private headers() {
    const key = this.b.info.service_role_key
    return { apikey: key, Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }
  }

  async seed(orgId: string): Promise<void> {
    const rows = Array.from({ length: POOL }, (_, i) => ({ org_id: orgId, caller_masked: `+44 •••• ${i}` }))
    const res = await fetch(`${this.b.info.api_url}/rest/v1/calls?select=id`, {
      method: 'POST',
      headers: { ...this.headers(), Prefer: 'return=representation' },
      body: JSON.stringify(rows),
    })
    this.ids = ((await res.json()) as { id: string }[]).map((r) => r.id)
  }

  /** Updates the next `n` calls of the pool in one transaction: n changes. */
  async update(n: number): Promise<void> {
    const batch: string[] = []
    for (let i = 0; i < n; i++) batch.push(this.ids[this.next++ % this.ids.length]!)
    const res = await fetch(`${this.b.info.api_url}/rest/v1/calls?id=in.(${batch.join(',')})`, {
      method: 'PATCH',
      headers: this.headers(),
      body: JSON.stringify({ hold_seconds: ++this.value }),
    })
    if (res.status >= 300) throw new Error(`update failed: ${res.status} ${await res.text()}`)
  }

  /** `rate` changes per second for `seconds` ('max': two closed-loop writers); returns changes written. */
  async run(rate: number | 'max', seconds: number): Promise<number> {
    const end = Date.now() + seconds * 1000
    let sent = 0
    if (rate === 'max') {
      const loop = async () => {
        for (; Date.now() < end; sent += 200) await this.update(200)
      }
      await Promise.all([loop(), loop()])
      return sent
    }
    const tickMs = 20
    let carry = 0
    for (let t = Date.now(); t < end; t += tickMs) {
      carry += (rate * tickMs) / 1000
      const n = Math.floor(carry)
      carry -= n
      if (n > 0) await this.update(n)
      sent += n
      const wait = t + tickMs - Date.now()
      if (wait > 0) await sleep(wait)
    }
    return sent
  }
}

interface Counter {
  events: number
  latencies: number[]
  /** Off during the soak: the benchmark's own samples must not be what grows. */
  record: boolean
}

const newCounter = (): Counter => ({ events: 0, latencies: [], record: true })

/** A full collection before each memory sample, so the figures are live data, not garbage. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** The engine with one view that applies batches; latency = view receipt − the row's commit (updated_at). */
async function coreClient(b: SpawnedBackend, counter: Counter): Promise<Console> {
  const engine = createConsole({
    project: { url: b.info.api_url, anonKey: b.info.anon_key, demo: true, credentials: b.info.demo! },
    webSocket: WebSocket,
  })
  await engine.start()
  const state: ViewState = {}
  engine.attachView({
    send: (batch) => {
      const now = Date.now()
      for (const d of batch.deltas) {
        if (batch.frame || d.kind !== 'upsert' || d.table !== 'calls' || !counter.record) continue
        counter.events++
        counter.latencies.push(now - Date.parse(d.row.updated_at))
      }
      applyBatch(state, batch)
      return true
    },
  })
  return engine
}

/** The naive pattern: a channel per table; per event, copy the table and forward it to the view. */
async function naiveClient(b: SpawnedBackend, counter: Counter) {
  const sb = createClient(b.info.api_url, b.info.anon_key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
  await sb.auth.signInWithPassword(b.info.demo!)
  const { data: calls } = await sb.from('calls').select('*')
  let state: Record<string, Record<string, unknown>[]> = { calls: (calls ?? []) as Record<string, unknown>[] }
  const forward = (rows: unknown[]) => JSON.stringify(rows) // what IPC would serialise for the view
  await Promise.all(
    STREAMED.map(
      (table) =>
        new Promise<void>((resolve) => {
          sb.channel(`naive-${table}`)
            .on('postgres_changes', { event: '*', schema: 'public', table }, (p) => {
              const row = p.new as Record<string, unknown>
              const rows = state[table] ?? []
              const next = rows.some((r) => r.id === row.id)
                ? rows.map((r) => (r.id === row.id ? row : r))
                : [...rows, row]
              state = { ...state, [table]: next }
              forward(next)
              if (table === 'calls' && counter.record) {
                counter.events++
                counter.latencies.push(Date.now() - Date.parse(p.commit_timestamp))
              }
            })
            .subscribe((s) => s === 'SUBSCRIBED' && resolve())
        }),
    ),
  )
  await sleep(500) // the system confirmations follow SUBSCRIBED
  return { stop: () => sb.removeAllChannels() }
}

/** CPU milliseconds this process spends while `fn` runs. */
async function cpuDuring(fn: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage()
  await fn()
  const d = process.cpuUsage(before)
  return (d.user + d.system) / 1000
}

async function drain(counter: Counter, target: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (counter.events < target && Date.now() < deadline) await sleep(50)
}

async function measure(load: Load, counter: Counter, rate: number | 'max', seconds: number) {
  counter.events = 0
  counter.latencies = []
  const started = Date.now()
  let sent = 0
  const cpuMs = await cpuDuring(async () => {
    sent = await load.run(rate, seconds)
    await drain(counter, sent)
  })
  const elapsed = (Date.now() - started) / 1000
  return {
    sent,
    received: counter.events,
    perSecond: Math.round(counter.events / elapsed),
    cpuMs,
    latency: summarise(counter.latencies),
  }
}

async function soak(load: Load, counter: Counter, seconds: number) {
  counter.record = false
  const gc = exposeGc()
  const samples: { t: number; heapMiB: number; rssMiB: number }[] = []
  const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10
  const end = Date.now() + seconds * 1000
  const sampler = setInterval(
    () => {
      gc()
      const m = process.memoryUsage()
      samples.push({ t: Math.round((end - Date.now()) / 1000), heapMiB: mib(m.heapUsed), rssMiB: mib(m.rss) })
    },
    Math.max(1000, (seconds * 1000) / 30),
  )
  await load.run(200, seconds)
  clearInterval(sampler)
  counter.record = true
  const warm = samples.slice(Math.floor(samples.length / 5))
  const first = warm[0]
  const last = warm[warm.length - 1]
  const growth = (a?: number, z?: number) => (a && z ? Math.round(((z - a) / a) * 1000) / 10 : null)
  return {
    seconds,
    rate: 200,
    heapAfterWarmupMiB: first?.heapMiB,
    heapEndMiB: last?.heapMiB,
    heapGrowthPercent: growth(first?.heapMiB, last?.heapMiB),
    rssAfterWarmupMiB: first?.rssMiB,
    rssEndMiB: last?.rssMiB,
    rssGrowthPercent: growth(first?.rssMiB, last?.rssMiB),
  }
}

export default async function run(args: string[]): Promise<Record<string, unknown>> {
  const phase = flag(args, 'phase', 10)
  const soakSeconds = flag(args, 'soak', 60)
  const b = await spawnBackend({ args: ['--ephemeral', '--rate', '0'] })
  const load = new Load(b)
  const counter = newCounter()
  try {
    // The org, then the floor's calls, then the load generator alone (its fetches and JSON, subtracted
    // from both patterns' CPU) while nothing subscribes.
    const probe = await coreClient(b, newCounter())
    const orgId = probe.session().orgId!
    await probe.stop()
    await load.seed(orgId)
    const baseline = await cpuDuring(() => load.run(1000, phase))
    const engine = await coreClient(b, counter)
    const core1000 = await measure(load, counter, 1000, phase)
    console.log(`core @1000/s: p50 ${core1000.latency.p50} ms, p99 ${core1000.latency.p99} ms`)
    const coreMax = await measure(load, counter, 'max', phase)
    console.log(`core @max: ${coreMax.perSecond} events/s`)
    const memory = await soak(load, counter, soakSeconds)
    console.log(`soak: heap ${memory.heapAfterWarmupMiB} → ${memory.heapEndMiB} MiB`)
    await engine.stop()

    const naiveCounter = newCounter()
    const naive = await naiveClient(b, naiveCounter)
    const naive1000 = await measure(load, naiveCounter, 1000, phase)
    await naive.stop()
    const perEvent = (m: { cpuMs: number; received: number }) =>
      Math.round((Math.max(0, m.cpuMs - baseline) / Math.max(1, m.received)) * 1000) / 1000
    const coreCpu = perEvent(core1000)
    const naiveCpu = perEvent(naive1000)
    return {
      secondsPerPhase: phase,
      floorCalls: POOL,
      latencyAt1000: { ...core1000.latency, sent: core1000.sent, received: core1000.received },
      throughputAtMax: { sent: coreMax.sent, relayedPerSecond: coreMax.perSecond },
      cpuMsPerEvent: { core: coreCpu, naive: naiveCpu, loadGeneratorMs: Math.round(baseline) },
      naiveOverCoreCpuRatio: coreCpu > 0 ? Math.round((naiveCpu / coreCpu) * 10) / 10 : null,
      coreIngestCeilingPerSecond: coreCpu > 0 ? Math.round(1000 / coreCpu) : null,
      naiveLatencyAt1000: naive1000.latency,
      soak: memory,
    }
  } finally {
    await b.stop()
  }
}
