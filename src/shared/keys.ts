// Which Supabase keys a console may hold. The service_role (or sb_secret_) key bypasses row-level security
// and would be extractable from any desktop install: it is refused with an explanation.
export type KeyCheck = { ok: true; kind: 'anon' | 'publishable' } | { ok: false; error: string }

const SERVICE_ROLE_REFUSAL =
  'This is a service_role (secret) key. It bypasses row-level security and must never be given to a console: ' +
  'use the project’s anon (publishable) key, from Project Settings → API.'

function jwtRole(key: string): string | null {
  const parts = key.split('.')
  if (parts.length !== 3) return null
  try {
    const json = atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'))
    const claims = JSON.parse(json) as { role?: unknown }
    return typeof claims.role === 'string' ? claims.role : null
  } catch {
    return null
  }
}

export function checkAnonKey(raw: unknown): KeyCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, error: 'The anon key is empty.' }
  const key = raw.trim()
  if (key.startsWith('sb_secret_')) return { ok: false, error: SERVICE_ROLE_REFUSAL }
  if (key.startsWith('sb_publishable_')) return { ok: true, kind: 'publishable' }
  const role = jwtRole(key)
  if (role === 'service_role') return { ok: false, error: SERVICE_ROLE_REFUSAL }
  if (role === 'anon') return { ok: true, kind: 'anon' }
  if (role === null)
    return {
      ok: false,
      error: 'This does not look like a Supabase key (expected a JWT or an sb_publishable_ key).',
    }
  return {
    ok: false,
    error: `This key is for the "${role}" role; the console needs the anon (publishable) key.`,
  }
}

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string }

/** A project URL: https anywhere, http only on loopback (the embedded backend, local development). */
export function checkProjectUrl(raw: unknown): UrlCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, error: 'The project URL is empty.' }
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return { ok: false, error: `"${raw}" is not a URL (expected e.g. https://<ref>.supabase.co).` }
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return {
      ok: false,
      error: 'The project URL must use https (http is allowed only for 127.0.0.1/localhost).',
    }
  }
  if (url.username || url.password)
    return { ok: false, error: 'The project URL must not contain credentials.' }
  if (url.search || url.hash)
    return { ok: false, error: 'The project URL must not have a query or fragment.' }
  return { ok: true, url: url.origin + url.pathname.replace(/\/+$/, '') }
}
