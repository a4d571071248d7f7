// Wall boards as configured in `wallboard_profiles`: a profile is a playlist of boards (each a set of tiles)
// shown in turn every `rotation_seconds`, with thresholds and a theme. The layout column is free JSON edited
// by hand in the database, so it is parsed leniently: whatever is wrong is named in `problems` (shown small on
// the board) and replaced by a default, never a blank wall.
import type { WallboardProfile } from './rows'
import type { JsonValue } from './validate'

export const TILE_IDS = [
  'service-level',
  'waiting',
  'longest-wait',
  'abandoned',
  'asa',
  'aht',
  'agents',
  'alerts',
  'monitors',
  'queues',
] as const
export type TileId = (typeof TILE_IDS)[number]

/** Metrics with a threshold. `higher`: a bigger value is worse (waiting); `lower`: smaller is worse (SL %). */
export const METRICS = {
  'service-level': { worse: 'lower', warn: 80, bad: 70, unit: '%' },
  waiting: { worse: 'higher', warn: 10, bad: 20, unit: 'calls' },
  'longest-wait': { worse: 'higher', warn: 60, bad: 120, unit: 's' },
  abandoned: { worse: 'higher', warn: 5, bad: 10, unit: '%' },
  alerts: { worse: 'higher', warn: 1, bad: 3, unit: 'open' },
  monitors: { worse: 'higher', warn: 1, bad: 2, unit: 'down' },
} as const
export type MetricId = keyof typeof METRICS
export type Threshold = { warn: number; bad: number }
export type Level = 'ok' | 'warn' | 'bad' | 'none'
export type BoardTheme = 'dark' | 'light'

export interface Board {
  name: string
  tiles: TileId[]
}

export interface BoardProfile {
  id: string
  name: string
  boards: Board[]
  /** 0: no rotation (the first board stays). */
  rotationSeconds: number
  thresholds: Record<MetricId, Threshold>
  theme: BoardTheme
  problems: string[]
}

const DEFAULT_TILES: TileId[] = ['service-level', 'waiting', 'longest-wait', 'abandoned', 'agents', 'alerts']
const MAX_BOARDS = 20

const isObject = (v: unknown): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function parseTiles(raw: unknown, where: string, problems: string[]): TileId[] {
  if (!Array.isArray(raw)) {
    if (raw !== undefined) problems.push(`${where}: tiles must be a list`)
    return DEFAULT_TILES
  }
  const tiles: TileId[] = []
  for (const t of raw) {
    if ((TILE_IDS as readonly unknown[]).includes(t) && !tiles.includes(t as TileId)) tiles.push(t as TileId)
    else problems.push(`${where}: unknown tile ${JSON.stringify(t)} (known: ${TILE_IDS.join(', ')})`)
  }
  return tiles.length > 0 ? tiles : DEFAULT_TILES
}

function parseBoards(layout: Record<string, JsonValue>, problems: string[]): Board[] {
  if (layout.boards === undefined)
    return [{ name: 'Floor', tiles: parseTiles(layout.tiles, 'layout', problems) }]
  if (!Array.isArray(layout.boards) || layout.boards.length === 0) {
    problems.push('layout.boards must be a non-empty list of {name, tiles}')
    return [{ name: 'Floor', tiles: DEFAULT_TILES }]
  }
  if (layout.boards.length > MAX_BOARDS) problems.push(`only the first ${MAX_BOARDS} boards are shown`)
  return layout.boards.slice(0, MAX_BOARDS).map((b, i) => {
    const where = `board ${i + 1}`
    if (!isObject(b)) {
      problems.push(`${where} must be an object {name, tiles}`)
      return { name: `Board ${i + 1}`, tiles: DEFAULT_TILES }
    }
    const name = typeof b.name === 'string' && b.name.trim() ? b.name.trim().slice(0, 60) : `Board ${i + 1}`
    return { name, tiles: parseTiles(b.tiles, where, problems) }
  })
}

function parseThreshold(metric: MetricId, raw: unknown, problems: string[]): Threshold {
  const d = METRICS[metric]
  const fallback = { warn: d.warn, bad: d.bad }
  if (raw === undefined) return fallback
  const t = isObject(raw) ? raw : {}
  const warn = t.warn
  const bad = t.bad
  if (typeof warn !== 'number' || typeof bad !== 'number' || !isFinite(warn) || !isFinite(bad)) {
    problems.push(`thresholds.${metric} needs numbers {warn, bad}`)
    return fallback
  }
  const ordered = d.worse === 'higher' ? warn <= bad : warn >= bad
  if (!ordered) {
    problems.push(
      `thresholds.${metric}: warn must be ${d.worse === 'higher' ? 'at most' : 'at least'} bad (${d.worse} is worse)`,
    )
    return fallback
  }
  return { warn, bad }
}

function parseThresholds(raw: unknown, problems: string[]): Record<MetricId, Threshold> {
  const given = isObject(raw) ? raw : {}
  if (raw !== undefined && !isObject(raw)) problems.push('layout.thresholds must be an object')
  for (const k of Object.keys(given)) {
    if (!Object.hasOwn(METRICS, k)) problems.push(`thresholds: unknown metric "${k}"`)
  }
  const out = {} as Record<MetricId, Threshold>
  for (const m of Object.keys(METRICS) as MetricId[]) out[m] = parseThreshold(m, given[m], problems)
  return out
}

export function parseProfile(row: WallboardProfile): BoardProfile {
  const problems: string[] = []
  const layout = isObject(row.layout) ? row.layout : {}
  if (!isObject(row.layout)) problems.push('layout must be a JSON object')
  const theme = layout.theme === 'light' ? 'light' : 'dark'
  if (layout.theme !== undefined && layout.theme !== 'light' && layout.theme !== 'dark') {
    problems.push(`theme must be "dark" or "light", not ${JSON.stringify(layout.theme)}`)
  }
  return {
    id: row.id,
    name: row.name,
    boards: parseBoards(layout, problems),
    rotationSeconds: Math.max(0, Math.floor(row.rotation_seconds)),
    thresholds: parseThresholds(layout.thresholds, problems),
    theme,
    problems,
  }
}

/** The profile a wall asked for (by id or name, any case), else the first by name; null with none. */
export function pickProfile(
  rows: Iterable<WallboardProfile>,
  wanted: string | null,
): WallboardProfile | null {
  const all = [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  if (wanted) {
    const w = wanted.trim().toLowerCase()
    const hit = all.find((p) => p.id === wanted || p.name.toLowerCase() === w)
    if (hit) return hit
  }
  return all[0] ?? null
}

/** The threshold level of a metric's value; null (no data yet) is no level. */
export function levelFor(metric: MetricId, value: number | null, t: Threshold): Level {
  if (value === null || !isFinite(value)) return 'none'
  if (METRICS[metric].worse === 'higher') return value >= t.bad ? 'bad' : value >= t.warn ? 'warn' : 'ok'
  return value <= t.bad ? 'bad' : value <= t.warn ? 'warn' : 'ok'
}

/**
 * Which board shows at `nowMs` and how far through its turn it is (0..1). Derived from the clock alone, so
 * every wall showing a profile turns at the same moment and a reloaded wall comes back on the same board.
 */
export function rotationAt(
  nowMs: number,
  boards: number,
  rotationSeconds: number,
): { index: number; progress: number } {
  if (boards <= 1 || rotationSeconds <= 0) return { index: 0, progress: 0 }
  const period = rotationSeconds * 1000
  const turn = Math.floor(nowMs / period)
  return { index: ((turn % boards) + boards) % boards, progress: (nowMs - turn * period) / period }
}
