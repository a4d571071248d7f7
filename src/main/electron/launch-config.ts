// What the desktop app takes from its surroundings at start: which renderer to load, which project to use,
// and whose credentials sign in unattended. Pure functions over the environment, so the rules are tested
// without the Electron binary; index.ts only passes `process.env`, `app.isPackaged` and the saved settings.
import { checkAnonKey, checkProjectUrl } from '../../shared/keys'
import type { ProjectTarget } from '../core/console-types'
import { HandlerError, type Handlers } from '../core/api'

type Env = Readonly<Record<string, string | undefined>>

/**
 * The dev server URL, honoured only in development: in a packaged app anyone who can set an environment
 * variable could otherwise load any origin into a window that IPC trusts.
 */
export function rendererDevUrl(
  env: Env,
  isPackaged: boolean,
): { url: string | null; problem: string | null } {
  const raw = env.ELECTRON_RENDERER_URL
  if (!raw) return { url: null, problem: null }
  if (isPackaged) return { url: null, problem: 'ELECTRON_RENDERER_URL is ignored: this is a packaged app.' }
  try {
    const url = new URL(raw)
    if (url.protocol === 'http:' || url.protocol === 'https:') return { url: url.origin, problem: null }
  } catch {
    // reported below
  }
  return { url: null, problem: `ELECTRON_RENDERER_URL is not an http(s) URL and is ignored: ${raw}` }
}

export interface StartupProject {
  project: ProjectTarget | null
  problems: string[]
}

/** A project URL and key from anywhere, or the reason (the key check refuses service_role keys). */
function checkedTarget(url: unknown, key: unknown, where: string): ProjectTarget | string {
  const u = checkProjectUrl(url)
  if (!u.ok) return `${where}: ${u.error}`
  const k = checkAnonKey(key)
  if (!k.ok) return `${where}: ${k.error}`
  return { url: u.url, anonKey: String(key).trim(), demo: false }
}

/**
 * The project to start on. FLOORWATCH_URL/FLOORWATCH_KEY (unattended displays) win over the project saved
 * through Settings → Connect, and FLOORWATCH_EMAIL/FLOORWATCH_PASSWORD sign in only to the project given
 * with them: credentials are never handed to whatever project happens to be saved.
 */
export function startupProject(saved: { url: string; anonKey: string } | null, env: Env): StartupProject {
  const problems: string[] = []
  const credentials =
    env.FLOORWATCH_EMAIL && env.FLOORWATCH_PASSWORD
      ? { email: env.FLOORWATCH_EMAIL, password: env.FLOORWATCH_PASSWORD }
      : undefined
  // SUPABASE_URL/SUPABASE_ANON_KEY are what the headless console reads; either pair names the project.
  const url = env.FLOORWATCH_URL ?? env.SUPABASE_URL
  const key = env.FLOORWATCH_KEY ?? env.SUPABASE_ANON_KEY
  if (url || key) {
    const target = checkedTarget(url, key, 'FLOORWATCH_URL/FLOORWATCH_KEY')
    if (typeof target === 'string') {
      problems.push(`${target} The embedded demo is used instead.`)
      return { project: null, problems }
    }
    return { project: { ...target, credentials }, problems }
  }
  if (credentials) {
    problems.push(
      'FLOORWATCH_EMAIL/FLOORWATCH_PASSWORD are ignored: they sign in only to the project given with them ' +
        'in FLOORWATCH_URL and FLOORWATCH_KEY.',
    )
  }
  if (!saved) return { project: null, problems }
  const target = checkedTarget(saved.url, saved.anonKey, 'The project saved in settings.json')
  if (typeof target === 'string') {
    problems.push(`${target} The embedded demo is used instead.`)
    return { project: null, problems }
  }
  return { project: target, problems }
}

export const KIOSK_CONNECT_REFUSAL =
  'Settings → Connect is not available on a kiosk (wall) display: start it with FLOORWATCH_URL and FLOORWATCH_KEY.'

/**
 * Kiosk windows stand unattended in a room: nobody there may move them to another project. `isKiosk` is
 * asked per call because a second launch with --kiosk turns a running console into a kiosk.
 */
export function kioskHandlers(handlers: Handlers, isKiosk: () => boolean): Handlers {
  return {
    ...handlers,
    'settings:connect': async (request) => {
      if (isKiosk()) throw new HandlerError('kiosk', KIOSK_CONNECT_REFUSAL)
      return handlers['settings:connect'](request)
    },
  }
}
