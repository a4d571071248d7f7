// The process the offline durability tests kill: a console (or its cache alone) doing real work on real
// files, saying on stdout how far it got, so the test can SIGKILL it at a point of its choosing.
//   cache   DIR                      rewrite a 10,000-call cache in a loop: "wrote <hwm>" after each write
//   console JSON                     a headless console core on a project; JSON: {url, anonKey, email,
//                                    password, cache, then: 'live' | 'queue' | 'drain', alertId?, count?}
import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import { createConsole } from '../../src/main/core/console'
import { LiveState } from '../../src/main/core/live/live-state'
import { OfflineCache } from '../../src/main/core/offline/cache'
import { fileFolder } from '../../src/main/core/offline/file-folder'
import { storedSessionStore } from '../../src/main/core/offline/remembered'
import { systemClock } from '../../src/main/core/clock'
import { callRow, uid } from '../unit/support/rows'

const say = (line: string) => process.stdout.write(`${line}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function cacheLoop(dir: string): Promise<never> {
  const live = new LiveState()
  live.replace('server', () =>
    live.apply(
      Array.from({ length: 10_000 }, (_, i) => ({
        type: 'upsert' as const,
        table: 'calls' as const,
        row: callRow({ id: uid(1_000 + i), seq: 1 + i }),
      })),
    ),
  )
  const cache = new OfflineCache({ folder: fileFolder(dir), clock: systemClock, notice: (_l, m) => say(m) })
  cache.follow(live, () => ({ project: 'p', orgId: 'o', userId: 'u', confirmedAt: 1, health: null }))
  for (let seq = 20_000; ; seq++) {
    live.apply([{ type: 'upsert', table: 'calls', row: callRow({ id: uid(1_000), seq, status: 'active' }) }])
    cache.flush()
    say(`wrote ${seq}`)
    await sleep(0)
  }
}

interface ConsoleJob {
  url: string
  anonKey: string
  email: string
  password: string
  cache: string
  then: 'live' | 'queue' | 'drain'
  alertId?: string
  count?: number
}

async function consoleJob(job: ConsoleJob): Promise<void> {
  const storage = fileFolder(job.cache)
  const engine = createConsole({
    project: {
      url: job.url,
      anonKey: job.anonKey,
      demo: false,
      credentials: { email: job.email, password: job.password },
    },
    storage,
    sessionStore: storedSessionStore(storage, Date.now(), say),
    webSocket: WebSocket,
    log: { info: () => {}, warn: () => {}, error: (m) => say(`error ${m}`) },
    startTimeoutMs: 3_000,
  })
  engine.onNotice((n) => say(`notice ${n.message}`))
  await engine.start()
  if (job.then === 'live') {
    while (engine.health().state !== 'LIVE') await sleep(50)
  } else if (job.then === 'queue') {
    for (let i = 0; i < (job.count ?? 0); i++) {
      const clientEventId = randomUUID()
      const r = await engine.alertAction({
        alertId: job.alertId!,
        kind: 'note',
        comment: `note ${i}`,
        clientEventId,
      })
      say(JSON.stringify({ clientEventId, result: r }))
    }
  } else {
    while (engine.health().state !== 'LIVE' || engine.outbox().length > 0) {
      say(`pending ${engine.outbox().length}`)
      await sleep(100)
    }
  }
  await engine.stop()
  say('done')
  process.exit(0)
}

const [mode, arg] = process.argv.slice(2)
if (mode === 'cache') void cacheLoop(arg!)
else void consoleJob(JSON.parse(arg!) as ConsoleJob)
