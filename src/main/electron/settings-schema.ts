// The desktop settings file: its current shape, the migrations from every older shape, and a parser that
// repairs what it can field by field (a bad field falls back to its default and is reported) instead of
// throwing the whole file away.
import type { Severity } from '../../shared/domain/rows'
import { quietHoursError, type QuietHours } from '../../shared/alerts/quiet-hours'
import { checkAnonKey, checkProjectUrl } from '../../shared/keys'

export interface WindowState {
  x: number
  y: number
  width: number
  height: number
  /** The Electron display the window was on, so it reopens there while that display is attached. */
  displayId: number | null
  maximized: boolean
  fullScreen: boolean
}

export interface DesktopSettings {
  version: typeof SETTINGS_VERSION
  /** A Supabase project (URL and publishable/anon key, never a secret key); null = the embedded demo. */
  connection: { url: string; anonKey: string } | null
  notifications: {
    enabled: boolean
    minSeverity: Severity
    sound: boolean
    /** This user's quiet hours (wall clock in an IANA zone), or none. */
    quietHours: QuietHours | null
  }
  /** Epoch ms until which notifications are muted (kept across restarts). */
  mutedUntil: number | null
  window: WindowState | null
}

export const SETTINGS_VERSION = 2

export const DEFAULT_SETTINGS: DesktopSettings = {
  version: SETTINGS_VERSION,
  connection: null,
  notifications: { enabled: true, minSeverity: 'info', sound: true, quietHours: null },
  mutedUntil: null,
  window: null,
}

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical']

/**
 * Migrations by the version they start from. Version 1 (the first desktop builds) kept flat keys:
 * supabaseUrl, supabaseAnonKey, notify, and the window bounds without a display.
 */
const MIGRATIONS: Record<number, (old: Raw) => Raw> = {
  1: (old) => {
    const { supabaseUrl, supabaseAnonKey, notify, bounds, ...rest } = old
    const connection = typeof supabaseUrl === 'string' ? { url: supabaseUrl, anonKey: supabaseAnonKey } : null
    const window = isObj(bounds) ? { ...bounds, displayId: null, maximized: false, fullScreen: false } : null
    return { ...rest, version: 2, connection, notifications: { enabled: notify !== false }, window }
  },
}

export function migrate(raw: Raw): { data: Raw; from: number } {
  const from = typeof raw.version === 'number' ? raw.version : 1
  let data = raw
  for (let v = from; v < SETTINGS_VERSION; v++) {
    const step = MIGRATIONS[v]
    if (!step) throw new Error(`no migration from settings version ${v}`)
    data = step(data)
  }
  return { data, from }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function parseWindow(v: unknown): WindowState | null | undefined {
  if (v === null) return null
  if (!isObj(v) || ![v.x, v.y, v.width, v.height].every(finite)) return undefined
  if ((v.width as number) < 100 || (v.height as number) < 100) return undefined
  return {
    x: Math.round(v.x as number),
    y: Math.round(v.y as number),
    width: Math.round(v.width as number),
    height: Math.round(v.height as number),
    displayId: finite(v.displayId) ? v.displayId : null,
    maximized: v.maximized === true,
    fullScreen: v.fullScreen === true,
  }
}

/**
 * A saved project is checked like one typed into Settings → Connect: a service_role (secret) key, or one
 * that is no Supabase key at all, is never used, and the reason is reported.
 */
function parseConnection(v: unknown, problems: string[]): DesktopSettings['connection'] | undefined {
  if (v === null) return null
  if (!isObj(v) || typeof v.url !== 'string' || typeof v.anonKey !== 'string') return undefined
  const url = checkProjectUrl(v.url)
  const key = checkAnonKey(v.anonKey)
  const refusal = !url.ok ? url.error : !key.ok ? key.error : null
  if (refusal === null) return { url: v.url, anonKey: v.anonKey }
  problems.push(`settings.connection: ${refusal}`)
  return undefined
}

function parseQuietHours(v: unknown): QuietHours | null {
  if (!isObj(v)) return null
  const q = { start: v.start, end: v.end, zone: v.zone }
  const ok = Object.values(q).every((x) => typeof x === 'string')
  return ok && !quietHoursError(q as QuietHours) ? (q as QuietHours) : null
}

function parseNotifications(v: unknown): DesktopSettings['notifications'] | undefined {
  if (!isObj(v)) return undefined
  const d = DEFAULT_SETTINGS.notifications
  return {
    enabled: typeof v.enabled === 'boolean' ? v.enabled : d.enabled,
    minSeverity: SEVERITIES.includes(v.minSeverity as Severity) ? (v.minSeverity as Severity) : d.minSeverity,
    sound: typeof v.sound === 'boolean' ? v.sound : d.sound,
    quietHours: parseQuietHours(v.quietHours),
  }
}

/** Current-version data → settings; every field that fails its check is defaulted and named in `problems`. */
export function parseSettings(data: Raw): { settings: DesktopSettings; problems: string[] } {
  const problems: string[] = []
  const field = <T>(name: keyof DesktopSettings, parsed: T | undefined, fallback: T): T => {
    if (parsed !== undefined) return parsed
    if (data[name] !== undefined) problems.push(`settings.${name} was invalid and was reset`)
    return fallback
  }
  const muted =
    data.mutedUntil === null || finite(data.mutedUntil) ? (data.mutedUntil as number | null) : undefined
  const settings: DesktopSettings = {
    version: SETTINGS_VERSION,
    connection: field('connection', parseConnection(data.connection, problems), DEFAULT_SETTINGS.connection),
    notifications: field(
      'notifications',
      parseNotifications(data.notifications),
      DEFAULT_SETTINGS.notifications,
    ),
    mutedUntil: field('mutedUntil', muted, DEFAULT_SETTINGS.mutedUntil),
    window: field('window', parseWindow(data.window), DEFAULT_SETTINGS.window),
  }
  return { settings, problems }
}
