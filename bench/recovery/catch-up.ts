// Catch-up of 10,000 missed changes. A console is LIVE on a floor of 10,000 calls through a TCP proxy; the
// proxy cuts its connections and refuses new ones (the backend stays up); every one of the 10,000 calls is
// updated meanwhile (committed straight to the backend); then the proxy lets connections through again.
// Measured: from the console's socket opening again to all 10,000 updates applied in a relay view (the
// catch-up's resync frame), and from the proxy letting connections through (which includes the wait for
// the next reconnect attempt). Default machine tuning.
import { spawnBackend } from '../../src/main/embedded/spawn'
import { startTcpProxy } from '../../test/helpers/tcp-proxy'
import { sleep } from '../stats'
import { benchConsole, demoOrg, load1, recordView, rest, seedCalls, timedWebSocket, until } from './fixtures'

const TAG = 'catchup-'

export async function catchUpScenario(changes: number) {
  const backend = await spawnBackend({ args: ['--ephemeral', '--rate', '0'] })
  const proxy = await startTcpProxy({ port: Number(new URL(backend.info.api_url).port) })
  const { opens, WebSocketClass } = timedWebSocket()
  const engine = benchConsole(backend.info, proxy.url, { webSocket: WebSocketClass })
  try {
    await seedCalls(backend.info, changes, TAG)
    const { orgId } = await demoOrg(backend.info)
    const view = recordView(engine)
    await engine.start()
    const calls = () => view.state.calls ?? new Map()
    await until(() => engine.health().state === 'LIVE' && calls().size >= changes, 120_000, 'LIVE', 20)

    // Updated calls seen by the view, counted as batches arrive.
    const marked = new Set<string>()
    let caughtUpAt = 0
    let newsDuringCatchUp = 0
    view.after = (batch) => {
      for (const d of batch.deltas) {
        if (d.kind === 'upsert' && d.table === 'calls' && d.row.hold_seconds === 777) marked.add(d.id)
      }
      if (!batch.frame && batch.deltas.some((d) => d.kind === 'upsert' && d.table === 'calls'))
        newsDuringCatchUp++
      if (!caughtUpAt && marked.size >= changes) caughtUpAt = Date.now()
    }

    proxy.refuse(true)
    proxy.cut()
    await until(() => engine.health().state !== 'LIVE', 30_000, 'the console noticing the cut')
    const opensBefore = opens.length
    const writeStarted = Date.now()
    await rest(backend.info, `calls?org_id=eq.${orgId}&caller_masked=like.*${TAG}*`, {
      method: 'PATCH',
      body: JSON.stringify({ hold_seconds: 777 }),
    })
    const writeMs = Date.now() - writeStarted
    await sleep(500)
    if (marked.size > 0) throw new Error('changes reached the console while it was cut off')
    const healthWhileCut = engine.health()
    const timeline: { at: number; health: string }[] = []
    const offHealth = engine.onHealth((h) =>
      timeline.push({ at: Date.now(), health: `${h.state}: ${h.reason}` }),
    )
    const resumedAt = Date.now()
    proxy.refuse(false)
    await until(() => caughtUpAt > 0, 120_000, `${changes} changes caught up`, 5)
    const liveAt = await until(() => engine.health().state === 'LIVE', 30_000, 'LIVE again')
    offHealth()
    const openedAt = opens[opensBefore] ?? NaN
    const result = {
      changes,
      writeMs,
      healthWhileCut: `${healthWhileCut.state}: ${healthWhileCut.reason}`,
      resumeToSocketOpenMs: openedAt - resumedAt,
      socketOpenToCaughtUpMs: caughtUpAt - openedAt,
      socketOpenToLiveMs: liveAt - openedAt,
      resumeToCaughtUpMs: caughtUpAt - resumedAt,
      /** Batches with calls outside any frame while catching up: the catch-up must arrive as a resync frame. */
      liveBatchesWithCalls: newsDuringCatchUp,
      resyncFrames: view.framesStarted.filter((f) => f.kind === 'resync' && f.at >= resumedAt).length,
      /** Health after the socket opened, ms from the open. */
      timeline: timeline.filter((e) => e.at >= openedAt).map((e) => `+${e.at - openedAt} ms ${e.health}`),
      load1: load1(),
    }
    console.log(`catch-up: ${JSON.stringify(result)}`)
    return result
  } finally {
    await engine.stop()
    await proxy.close()
    await backend.stop()
  }
}
