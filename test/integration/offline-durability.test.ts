// What the offline cache and the outbox promise, tried with real files, real signals and a real backend:
// a process killed in the middle of a cache write leaves a loadable cache; a full disk keeps the previous
// cache and says so; 1,000 actions queued offline and replayed through a crash are each applied exactly
// once, in order (checked in the database).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { LiveState } from '../../src/main/core/live/live-state'
import { OfflineCache } from '../../src/main/core/offline/cache'
import { fileFolder } from '../../src/main/core/offline/file-folder'
import { ROOT } from '../../src/main/embedded/paths'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { eventually } from '../helpers/backend'
import { fill, smallDisk } from '../helpers/disk'
import { callRow, uid } from '../unit/support/rows'
import { serviceRest } from '../helpers/rest'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!()
})
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** The child (offline-child.ts) and its stdout, line by line. */
function child(args: string[]): { proc: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'offline-child.ts'), ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  cleanup.push(() => proc.exitCode === null && proc.kill('SIGKILL'))
  const lines: string[] = []
  createInterface({ input: proc.stdout! }).on('line', (l) => lines.push(l))
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  return { proc, lines, exited }
}

function loadCache(dir: string) {
  const notices: string[] = []
  const cache = new OfflineCache({
    folder: fileFolder(dir),
    clock: new ManualClock(),
    notice: (_l, m) => notices.push(m),
  })
  return { floor: cache.load('p'), notices }
}

describe('the offline cache on disk', () => {
  it('is loadable after the process writing it was killed (SIGKILL) in the middle of writes', async () => {
    for (const after of [2, 7, 13]) {
      const dir = tmp('fw-kill-')
      const c = child(['cache', dir])
      await eventually(() => c.lines.filter((l) => l.startsWith('wrote ')).length >= after, 60_000, 'writes')
      c.proc.kill('SIGKILL')
      await c.exited
      const done = c.lines.filter((l) => l.startsWith('wrote ')).map((l) => Number(l.slice(6)))
      const { floor, notices } = loadCache(dir)
      expect(notices).toEqual([])
      expect(floor?.tables.calls?.rows).toHaveLength(10_000)
      // The last write reported finished is there, or the one in flight when the process died.
      expect(floor!.tables.calls!.hwm).toBeGreaterThanOrEqual(done.at(-1)!)
      expect(floor!.tables.calls!.hwm).toBeLessThanOrEqual(done.at(-1)! + 1)
    }
  })

  it('keeps the previous cache when the disk is full, says so once, and saves again when there is room', async (t) => {
    const disk = smallDisk((fn) => cleanup.push(fn), '16m')
    if ('skip' in disk) return t.skip(disk.skip)
    const clock = new ManualClock()
    const notices: string[] = []
    const dir = join(disk.dir, 'console')
    const cache = new OfflineCache({ folder: fileFolder(dir), clock, notice: (_l, m) => notices.push(m) })
    const live = new LiveState()
    const calls = (seq: number, status: 'queued' | 'active') =>
      Array.from({ length: 2_000 }, (_, i) => ({
        type: 'upsert' as const,
        table: 'calls' as const,
        row: callRow({ id: uid(1_000 + i), seq: seq + i, status }),
      }))
    live.replace('server', () => live.apply(calls(1, 'queued')))
    cache.follow(live, () => ({ project: 'p', orgId: 'o', userId: 'u', confirmedAt: 1, health: null }))
    cache.changed()
    cache.flush()
    fill(disk.dir, 64 * 1024)
    live.apply(calls(10_000, 'active'))
    clock.advance(2_500)
    clock.advance(2_500)
    expect(notices).toEqual(['Disk full: the offline cache could not be saved; the previous copy is kept.'])
    const kept = loadCache(dir)
    expect(kept.notices).toEqual([])
    expect(kept.floor!.tables.calls!.hwm).toBe(2_000)
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])

    rmSync(join(disk.dir, 'filler'))
    clock.advance(2_500)
    expect(notices.at(-1)).toBe('The offline cache is being saved again.')
    expect(loadCache(dir).floor!.tables.calls!.hwm).toBe(11_999)
  })
})

describe('the outbox through a crash', () => {
  let backend: SpawnedBackend | null = null
  afterEach(async () => {
    await backend?.stop()
    backend = null
  })

  const rest = async <T>(path: string, init: RequestInit = {}): Promise<T> =>
    (await serviceRest(backend!.info, path, init)) as T

  it('applies 1,000 actions queued offline exactly once and in order, though killed mid-replay', async () => {
    const data = tmp('fw-outbox-data-')
    const cache = tmp('fw-outbox-cache-')
    backend = await spawnBackend({ args: ['--data', data, '--rate', '0'] })
    const port = new URL(backend.info.api_url).port
    const info = backend.info
    const [org] = await rest<{ id: string }[]>('orgs?select=id&limit=1')
    const [alert] = await rest<{ id: string }[]>('alerts', {
      method: 'POST',
      body: JSON.stringify({ org_id: org!.id, severity: 'warning', title: 'Outbox crash test' }),
    })
    const job = (then: string, extra = {}) =>
      JSON.stringify({ url: info.api_url, anonKey: info.anon_key, ...info.demo, cache, then, ...extra })

    // Live once: the session and the cached floor are saved. Then the backend goes away.
    const warm = child(['console', job('live')])
    expect(await warm.exited).toBe(0)
    await backend.stop()
    backend = null

    // 1,000 notes taken offline, on a console that started without its backend: each queued.
    const queue = child(['console', job('queue', { alertId: alert!.id, count: 1_000 })])
    expect(await queue.exited).toBe(0)
    const queued = queue.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
    expect(queued).toHaveLength(1_000)
    expect(queued.every((q) => q.result.ok && q.result.data.status === 'queued')).toBe(true)
    const ids: string[] = queued.map((q) => q.clientEventId)

    // The backend is back; the console replaying the outbox is killed at a random point.
    backend = await spawnBackend({ args: ['--port', port, '--data', data, '--rate', '0'] })
    const applied = async () =>
      (await rest<unknown[]>(`alert_events?select=id&alert_id=eq.${alert!.id}&kind=eq.note`)).length
    const killAt = 100 + Math.floor(Math.random() * 800)
    const first = child(['console', job('drain')])
    await eventually(async () => (await applied()) >= killAt, 120_000, `${killAt} actions applied`)
    first.proc.kill('SIGKILL')
    await first.exited
    const beforeRestart = await applied()
    expect(beforeRestart).toBeLessThan(1_000)

    const second = child(['console', job('drain')])
    expect(await second.exited).toBe(0)
    const events = await rest<{ client_event_id: string }[]>(
      `alert_events?select=client_event_id,seq&alert_id=eq.${alert!.id}&kind=eq.note&order=seq`,
    )
    expect(events.map((e) => e.client_event_id)).toEqual(ids)
    expect(second.lines.filter((l) => l.startsWith('notice '))).toEqual([])
  }, 300_000)
})
