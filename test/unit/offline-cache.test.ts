// The offline cache: what it writes (debounced, only a server floor, bounded and marked incomplete when
// cut), what it reads back (the same floor, labelled as the cache), older formats migrated, newer ones and
// broken files refused with a notice and kept aside, a full disk reported once with the old copy kept, and
// files only their user can read.
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { LiveState } from '../../src/main/core/live/live-state'
import { OfflineCache, cacheName, type CacheContext } from '../../src/main/core/offline/cache'
import { memoryFolder, type JsonStore, type StoreFolder } from '../../src/main/core/offline/durable'
import { fileFolder } from '../../src/main/core/offline/file-folder'
import { callRow, queueRow, uid } from './support/rows'

const PROJECT = 'https://p.example'
const ctx: CacheContext = {
  project: PROJECT,
  orgId: 'o1',
  userId: 'u1',
  confirmedAt: Date.UTC(2026, 10, 21, 8, 59, 0),
  health: { state: 'LIVE', reason: 'Live' },
}

/** A live state holding a server floor of `calls` calls (seq 10…) and one queue. */
function serverFloor(calls: Parameters<typeof callRow>[0][] = [{}]): LiveState {
  const live = new LiveState()
  live.replace('server', () => {
    live.apply([{ type: 'upsert', table: 'queues', row: queueRow() }])
    live.apply(
      calls.map(
        (over, i) => ({ type: 'upsert', table: 'calls', row: callRow({ ...over, seq: 10 + i }) }) as const,
      ),
    )
    live.advance('calls', 10 + calls.length, 7)
    live.advance('queues', 1, 0)
  })
  return live
}

function cacheIn(folder: StoreFolder, clock = new ManualClock(), limits?: OfflineCache['limits']) {
  const notices: string[] = []
  const cache = new OfflineCache({ folder, clock, notice: (_l, m) => notices.push(m), limits })
  return { cache, notices, clock }
}

/** A folder whose store counts writes, or fails them like a full disk. */
function countingFolder(): StoreFolder & { writes: number; full: boolean; inner: JsonStore | null } {
  const base = memoryFolder()
  const f = {
    writes: 0,
    full: false,
    inner: null as JsonStore | null,
    path: base.path,
    open(name: string): JsonStore {
      const inner = base.open(name)
      f.inner = inner
      return {
        path: inner.path,
        get store() {
          return inner.store
        },
        set store(v) {
          if (f.full)
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
          f.writes++
          inner.store = v
        },
      }
    },
  }
  return f
}

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'fw-cache-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('offline cache', () => {
  it('writes the server floor at most every 2 s and reads it back as the cache, marks and all', () => {
    const folder = countingFolder()
    const { cache, clock } = cacheIn(folder)
    const live = serverFloor([{}, { id: uid(101) }])
    cache.follow(live, () => ctx)
    for (let i = 0; i < 5; i++) {
      live.apply([{ type: 'upsert', table: 'calls', row: callRow({ seq: 20 + i, status: 'ringing' }) }])
      clock.advance(300)
    }
    expect(folder.writes).toBe(0)
    clock.advance(2_000)
    expect(folder.writes).toBe(1)

    const floor = cacheIn(folder).cache.load(PROJECT)!
    expect(floor).toMatchObject({ project: PROJECT, orgId: 'o1', userId: 'u1', complete: true })
    expect(floor.confirmedAt).toBe(ctx.confirmedAt)
    const restored = new LiveState()
    cacheIn(folder).cache.restore(restored, floor)
    expect(restored.source).toBe('cache')
    expect(restored.get('calls', uid(100))?.status).toBe('ringing')
    expect(restored.table('calls').size).toBe(2)
    expect(restored.hwm('calls')).toBe(24)
    expect(restored.tombstoneHwm('calls')).toBe(7)
    expect(restored.get('queues', uid(1))?.name).toBe('Support')
  })

  it('never writes a floor that came from the cache itself, nor another project’s', () => {
    const folder = countingFolder()
    const { cache, clock } = cacheIn(folder)
    const live = new LiveState()
    cache.follow(live, () => ctx)
    cache.restore(live, {
      version: 2,
      savedAt: 0,
      confirmedAt: 0,
      project: PROJECT,
      orgId: 'o1',
      userId: 'u1',
      complete: true,
      tables: {},
      health: null,
    })
    cache.changed()
    clock.advance(5_000)
    cache.flush()
    expect(folder.writes).toBe(0)
    expect(cacheIn(folder).cache.load('https://other.example')).toBeNull()
  })

  it('keeps every unfinished call under its bound, then the latest, and says the copy is incomplete', () => {
    const folder = memoryFolder()
    const { cache } = cacheIn(folder, new ManualClock(), { calls: 2, alerts: 10, perTable: 10 })
    const live = serverFloor([
      { id: uid(101), status: 'completed' },
      { id: uid(102), status: 'queued' },
      { id: uid(103), status: 'abandoned' },
      { id: uid(104), status: 'completed' },
    ])
    cache.follow(live, () => ctx)
    cache.changed()
    cache.flush()
    const floor = cacheIn(folder).cache.load(PROJECT)!
    const ids = (floor.tables.calls!.rows as { id: string }[]).map((r) => r.id)
    expect(ids).toEqual([uid(102), uid(104)])
    expect(floor.complete).toBe(false)
  })

  it('migrates a cache written by the first format (no tombstone marks) and uses it', () => {
    const folder = memoryFolder()
    folder.open(cacheName(PROJECT)).store = {
      version: 1,
      savedAt: 1_000,
      projectUrl: PROJECT,
      orgId: 'o1',
      userId: 'u1',
      rows: { calls: [callRow()] },
      hwm: { calls: 10 },
    }
    const floor = cacheIn(folder).cache.load(PROJECT)!
    expect(floor).toMatchObject({ version: 2, confirmedAt: 1_000, complete: true })
    expect(floor.tables.calls).toEqual({ rows: [callRow()], hwm: 10, tombstoneHwm: 0 })
  })

  it('refuses a cache from a newer Floorwatch with a notice, and leaves it as it is', () => {
    const folder = memoryFolder()
    const raw = { version: 9, savedAt: 1, project: PROJECT, orgId: 'o', userId: 'u', tables: {} }
    folder.open(cacheName(PROJECT)).store = raw
    const { cache, notices } = cacheIn(folder)
    expect(cache.load(PROJECT)).toBeNull()
    expect(notices).toEqual([
      'The offline cache was not used: it was written by a newer Floorwatch (format 9).',
    ])
    expect(folder.open(cacheName(PROJECT)).store).toEqual(raw)
  })

  it('moves a file that is not JSON aside, says where, and starts without it', () => {
    const dir = tmp()
    const folder = fileFolder(dir)
    const path = folder.path(cacheName(PROJECT))
    writeFileSync(path, '{"version":2,"tables":{"calls":{"rows":[{"id":')
    const { cache, notices } = cacheIn(folder)
    expect(cache.load(PROJECT)).toBeNull()
    const aside = readdirSync(dir).filter((f) => f.includes('.corrupt-'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toMatch(/^\{"version":2,"tables"/)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain(`it was kept as ${join(dir, aside[0]!)} and the console started without it`)
  })

  it('says once that a full disk stops the cache, keeps the previous copy, and says when it is saved again', () => {
    const folder = countingFolder()
    const { cache, notices, clock } = cacheIn(folder)
    const live = serverFloor()
    cache.follow(live, () => ctx)
    cache.changed()
    cache.flush()
    const before = JSON.stringify(folder.inner!.store)
    folder.full = true
    for (let i = 0; i < 3; i++) {
      live.apply([{ type: 'upsert', table: 'calls', row: callRow({ seq: 30 + i, status: 'active' }) }])
      clock.advance(2_500)
    }
    expect(notices).toEqual(['Disk full: the offline cache could not be saved; the previous copy is kept.'])
    expect(JSON.stringify(folder.inner!.store)).toBe(before)
    folder.full = false
    clock.advance(2_500)
    expect(notices.at(-1)).toBe('The offline cache is being saved again.')
    expect(cacheIn(folder).cache.load(PROJECT)!.tables.calls!.hwm).toBe(32)
  })

  it('keeps its files readable by their user only, tightening a file left open by an older version', () => {
    const dir = join(tmp(), 'console')
    const folder = fileFolder(dir)
    const { cache } = cacheIn(folder)
    cache.follow(serverFloor(), () => ctx)
    cache.changed()
    cache.flush()
    const file = folder.path(cacheName(PROJECT))
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    writeFileSync(join(dir, 'outbox.json'), '{}', { mode: 0o644 })
    fileFolder(dir).open('outbox')
    expect(statSync(join(dir, 'outbox.json')).mode & 0o777).toBe(0o600)
  })
})

describe('a store killed in the middle of a checked write', () => {
  it('opens on the previous file when the file left behind does not parse, and drops stale temporaries', () => {
    const dir = tmp()
    const folder = fileFolder(dir)
    folder.open('outbox').store = { actions: ['kept'] }
    const path = folder.path('outbox')
    copyFileSync(path, `${path}.previous`)
    writeFileSync(path, '{"actions":["ne')
    writeFileSync(`${path}.tmp-1796150000abcdef`, '{"half')
    expect(fileFolder(dir).open('outbox').store).toEqual({ actions: ['kept'] })
    expect(readdirSync(dir)).toEqual(['outbox.json'])
  })

  it('keeps the file itself when it parses, and drops the previous one', () => {
    const dir = tmp()
    const folder = fileFolder(dir)
    folder.open('outbox').store = { actions: ['old'] }
    const path = folder.path('outbox')
    copyFileSync(path, `${path}.previous`)
    folder.open('outbox').store = { actions: ['new'] }
    writeFileSync(`${path}.previous`, '{"actions":["old"]}')
    expect(fileFolder(dir).open('outbox').store).toEqual({ actions: ['new'] })
    expect(readdirSync(dir)).toEqual(['outbox.json'])
  })
})
