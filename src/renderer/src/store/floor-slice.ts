// Floor entities: every streamed table as an immutable Map, replaced (copy-on-write) once per frame for
// the tables a frame touched, so a selector on one table never re-renders for another. Calls also keep the
// status transitions this console has seen, for a row's history.
import type { StateCreator } from 'zustand'
import { startsSnapshot, type DataSource, type DeltaBatch } from '../../../shared/domain/delta'
import { TABLE_NAMES, type RowByTable, type TableName } from '../../../shared/domain/tables'
import type { CallStatus } from '../../../shared/domain/rows'
import { activityFor, type ActivityItem } from './activity'
import type { FloorwatchState } from './index'

export type FloorTables = { [T in TableName]: ReadonlyMap<string, RowByTable[T]> }

export interface StatusChange {
  status: CallStatus
  at: string
}

const HISTORY_PER_CALL = 12
export const ACTIVITY_LIMIT = 200
/** A catch-up after a gap shorter than this is a blip, not an absence worth summarising. */
export const AWAY_MIN_GAP_MS = 15_000
export const AWAY_LIMIT = 200

/** What a catch-up found changed while this console could not see the floor (from the cache, or a gap). */
export interface AwaySummary {
  /** The last moment the floor was confirmed current before the gap (local ms), if known. */
  since: number | null
  items: readonly ActivityItem[]
  /** Every change counted, including those beyond the items kept. */
  total: number
}

export interface FloorSlice {
  floor: {
    tables: FloorTables
    /** False until a snapshot with rows from the cache or the server arrived: views show "loading". */
    loaded: boolean
    /** What the rows are: nothing yet, the offline cache, or the server. */
    source: DataSource
    callHistory: ReadonlyMap<string, readonly StatusChange[]>
    activity: readonly ActivityItem[]
    away: AwaySummary | null
    lastBatchAt: number | null
  }
  applyBatches(batches: readonly DeltaBatch[], receivedAt: number): void
  dismissAway(): void
}

export function emptyTables(): FloorTables {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, new Map()])) as unknown as FloorTables
}

type MutableTables = { [T in TableName]: Map<string, RowByTable[T]> }

interface Draft {
  tables: FloorTables
  copied: Set<TableName>
  history: Map<string, readonly StatusChange[]> | null
  activity: ActivityItem[]
  /** Changes found by catch-ups worth summarising, or null when this batch's resyncs are not an absence. */
  away: ActivityItem[] | null
}

function writable<T extends TableName>(d: Draft, table: T): Map<string, RowByTable[T]> {
  if (!d.copied.has(table)) {
    ;(d.tables as MutableTables)[table] = new Map(d.tables[table]) as MutableTables[T]
    d.copied.add(table)
  }
  return (d.tables as MutableTables)[table]
}

function recordHistory(
  d: Draft,
  prevHistory: ReadonlyMap<string, readonly StatusChange[]>,
  call: RowByTable['calls'],
): void {
  const current = (d.history ?? prevHistory).get(call.id)
  if (current && current[current.length - 1]?.status === call.status) return
  d.history ??= new Map(prevHistory)
  const next = [...(current ?? []), { status: call.status, at: call.status_changed_at }]
  d.history.set(call.id, next.slice(-HISTORY_PER_CALL))
}

function applyOne(
  d: Draft,
  batch: DeltaBatch,
  prevHistory: ReadonlyMap<string, readonly StatusChange[]>,
  at: number,
): void {
  for (const delta of batch.deltas) {
    const rows = writable(d, delta.table) as Map<string, RowByTable[TableName]>
    if (delta.kind === 'remove') {
      rows.delete(delta.id)
      if (delta.table === 'calls' && (d.history ?? prevHistory).has(delta.id)) {
        d.history ??= new Map(prevHistory)
        d.history.delete(delta.id)
      }
      continue
    }
    const before = rows.get(delta.id)
    rows.set(delta.id, delta.row)
    if (delta.table === 'calls') recordHistory(d, prevHistory, delta.row as RowByTable['calls'])
    // A snapshot or a resync is replayed state, not news: only live changes make activity. What a
    // catch-up after an absence found goes into the away summary instead.
    if (!batch.frame) {
      const item = activityFor(delta, before, d.tables, at)
      if (item) d.activity.push(item)
    } else if (batch.frame.kind === 'resync' && d.away) {
      const item = activityFor(delta, before, d.tables, at, true)
      if (item) d.away.push(item)
    }
  }
}

export const createFloorSlice: StateCreator<FloorwatchState, [], [], FloorSlice> = (set, get) => ({
  floor: {
    tables: emptyTables(),
    loaded: false,
    source: 'none',
    callHistory: new Map(),
    activity: [],
    away: null,
    lastBatchAt: null,
  },
  dismissAway: () => set((s) => ({ floor: { ...s.floor, away: null } })),
  applyBatches: (batches, receivedAt) => {
    if (batches.length === 0) return
    const prev = get().floor
    // A catch-up summarises an absence: of a cached floor, or a gap long enough not to be a blip.
    const gapMs = batches.find((b) => b.frame?.kind === 'resync')?.frame?.gapMs
    const absent = prev.loaded && (prev.source === 'cache' || gapMs === undefined || gapMs >= AWAY_MIN_GAP_MS)
    let d: Draft = {
      tables: { ...prev.tables },
      copied: new Set(),
      history: null,
      activity: [],
      away: absent ? [] : null,
    }
    let away = prev.away
    let history = prev.callHistory
    let source = prev.source
    for (const batch of batches) {
      if (startsSnapshot(batch)) {
        d = {
          tables: emptyTables(),
          copied: new Set(TABLE_NAMES),
          history: new Map(),
          activity: d.activity,
          away: null,
        }
        history = new Map()
        away = null // another floor (a reload, another org): what was missed on the old one is moot
        source = batch.frame?.source ?? 'server'
      } else if (batch.frame?.source) {
        // A resync says what the rows are now: a cached floor caught up is the server's.
        source = batch.frame.source
      }
      applyOne(d, batch, history, receivedAt)
    }
    const activity = d.activity.length
      ? [...d.activity.reverse(), ...prev.activity].slice(0, ACTIVITY_LIMIT)
      : prev.activity
    if (d.away?.length) {
      away = {
        since: away?.since ?? (gapMs === undefined ? null : receivedAt - gapMs),
        items: [...(away?.items ?? []), ...d.away].slice(-AWAY_LIMIT),
        total: (away?.total ?? 0) + d.away.length,
      }
    }
    set({
      floor: {
        tables: d.tables,
        loaded: source !== 'none',
        source,
        callHistory: d.history ?? history,
        activity,
        away,
        lastBatchAt: receivedAt,
      },
    })
  },
})
