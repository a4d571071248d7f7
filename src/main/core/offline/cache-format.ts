// The offline cache's file format and its migrations. Version 1 (round 1's design) kept each table's rows
// and its high-water mark only; version 2 adds the tombstone marks, when the floor was last confirmed,
// whether the bound kept every row, and the last health. A file is migrated step by step to the current
// version; one from a newer Floorwatch, or one that is not a cache at all, is refused with the reason.
import { TABLE_NAMES, type TableName } from '../../../shared/domain/tables'
import type { HealthState } from '../../../shared/health'

export const CACHE_VERSION = 2

export interface CachedTable {
  rows: unknown[]
  hwm: number
  tombstoneHwm: number
}

export interface CachedFloor {
  version: typeof CACHE_VERSION
  /** Local time of the write. */
  savedAt: number
  /** The last moment the floor was confirmed current (what "as of" shows). */
  confirmedAt: number | null
  project: string
  orgId: string
  userId: string
  /** False when the bound dropped rows: the marks then do not cover everything, so resume in full. */
  complete: boolean
  tables: Partial<Record<TableName, CachedTable>>
  health: { state: HealthState; reason: string } | null
}

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null)

/** v1 → v2: the tombstone marks were not kept (0: the first catch-up reads every tombstone). */
function fromV1(raw: Raw): Raw {
  const rows = isObj(raw.rows) ? raw.rows : {}
  const hwm = isObj(raw.hwm) ? raw.hwm : {}
  const tables: Raw = {}
  for (const t of TABLE_NAMES) {
    if (Array.isArray(rows[t])) tables[t] = { rows: rows[t], hwm: num(hwm[t]) ?? 0, tombstoneHwm: 0 }
  }
  return {
    version: 2,
    savedAt: raw.savedAt,
    confirmedAt: raw.savedAt,
    project: raw.projectUrl,
    orgId: raw.orgId,
    userId: raw.userId,
    complete: true,
    tables,
    health: null,
  }
}

const MIGRATIONS: Record<number, (raw: Raw) => Raw> = { 1: fromV1 }

function checkV2(raw: Raw): CachedFloor | { error: string } {
  const savedAt = num(raw.savedAt)
  const project = str(raw.project)
  const orgId = str(raw.orgId)
  const userId = str(raw.userId)
  if (savedAt === null || !project || !orgId || !userId || !isObj(raw.tables)) {
    return { error: 'it is missing its project, org, user, time or tables' }
  }
  const tables: Partial<Record<TableName, CachedTable>> = {}
  for (const t of TABLE_NAMES) {
    const entry = raw.tables[t]
    if (entry === undefined) continue
    if (!isObj(entry) || !Array.isArray(entry.rows)) return { error: `its table ${t} is not readable` }
    tables[t] = { rows: entry.rows, hwm: num(entry.hwm) ?? 0, tombstoneHwm: num(entry.tombstoneHwm) ?? 0 }
  }
  const h = isObj(raw.health) ? raw.health : null
  return {
    version: CACHE_VERSION,
    savedAt,
    confirmedAt: num(raw.confirmedAt),
    project,
    orgId,
    userId,
    complete: raw.complete !== false,
    tables,
    health:
      h && typeof h.state === 'string'
        ? { state: h.state as HealthState, reason: String(h.reason ?? '') }
        : null,
  }
}

/** Brings a cache file to the current version, or says why it cannot be used. */
export function migrateCache(input: unknown): CachedFloor | { error: string } {
  if (!isObj(input)) return { error: 'it is not a cache file' }
  let raw = input
  let version = num(raw.version)
  if (version === null) return { error: 'it has no version' }
  if (version > CACHE_VERSION) return { error: `it was written by a newer Floorwatch (format ${version})` }
  while (version < CACHE_VERSION) {
    const step = MIGRATIONS[version]
    if (!step) return { error: `format ${version} is not one this Floorwatch knows` }
    raw = step(raw)
    version = num(raw.version) ?? CACHE_VERSION
  }
  return checkV2(raw)
}
