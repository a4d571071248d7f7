// Checking a Supabase project before the console moves to it (Settings → Connect): its Auth settings
// endpoint answers only for a reachable project that accepts the key. Each failure says what is wrong in
// words a supervisor can act on, never a bare `getaddrinfo ENOTFOUND`.
import { createHash } from 'node:crypto'
import { checkAnonKey, checkProjectUrl } from '../../shared/keys'
import type { ProjectTarget } from './console-types'
import { HandlerError } from './errors'

/** The reason a request never got an answer, in words. */
export function networkReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; hostname?: string; message?: string } }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`
  const code = e?.cause?.code
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the host name ${e.cause?.hostname ?? ''} could not be found`.replace('  ', ' ')
  if (code === 'ECONNREFUSED') return 'nothing is listening there (connection refused)'
  if (code === 'ECONNRESET') return 'the connection was reset'
  if (code === 'CERT_HAS_EXPIRED' || code?.startsWith('ERR_TLS') || code?.includes('CERT')) {
    return `its TLS certificate was refused (${code})`
  }
  return e?.cause?.message ?? (err instanceof Error ? err.message : String(err))
}

export async function probeProject(
  target: ProjectTarget,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<void> {
  let res: Response
  try {
    res = await fetchImpl(`${target.url}/auth/v1/settings`, {
      headers: { apikey: target.anonKey, Authorization: `Bearer ${target.anonKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (err) {
    throw new HandlerError('unreachable', `Could not reach ${target.url}: ${networkReason(err, timeoutMs)}.`)
  }
  if (res.status === 401 || res.status === 403) {
    throw new HandlerError(
      'key_refused',
      `${target.url} refused this key (HTTP ${res.status}): check it is this project's anon key.`,
    )
  }
  if (!res.ok) {
    throw new HandlerError(
      'not_supabase',
      `${target.url} does not look like a Supabase project (HTTP ${res.status} from /auth/v1/settings).`,
    )
  }
}

/** A Settings → Connect request as a target, or the reason it cannot be one. */
export function targetFrom(request: { url: unknown; anonKey: unknown }): ProjectTarget {
  const url = checkProjectUrl(request.url)
  if (!url.ok) throw new HandlerError('invalid_url', url.error)
  const key = checkAnonKey(request.anonKey)
  if (!key.ok) throw new HandlerError('invalid_key', key.error)
  return { url: url.url, anonKey: String(request.anonKey).trim(), demo: false }
}

/**
 * What stays the same about a project across runs: what its saved session, offline cache and outbox are
 * kept under. A Supabase project is its URL. The embedded backend takes a free port each run, but its keys
 * are the same for as long as its data folder lives (signed with the folder's own secret): it is its key.
 */
export function projectKey(target: Pick<ProjectTarget, 'url' | 'anonKey' | 'demo'>): string {
  if (!target.demo) return target.url
  return `embedded:${createHash('sha256').update(target.anonKey).digest('hex').slice(0, 16)}`
}
