// The `Prefer` request header. Node joins repeated headers with ", ", which is also how supabase-js
// combines several preferences, so one comma-separated list covers both.
import { pgrstError } from './errors'

export interface Prefer {
  return: 'minimal' | 'representation' | 'headers-only' | null
  /** exact, planned and estimated are all answered with an exact count here. */
  count: boolean
  resolution: 'merge-duplicates' | 'ignore-duplicates' | null
  missingDefault: boolean
  rollback: boolean
  maxAffected: number | null
  /** Tokens honoured, for the Preference-Applied response header. */
  applied: string[]
}

const ACCEPTED: Record<string, readonly string[]> = {
  return: ['minimal', 'representation', 'headers-only'],
  count: ['exact', 'planned', 'estimated'],
  resolution: ['merge-duplicates', 'ignore-duplicates'],
  missing: ['default', 'null'],
  tx: ['commit', 'rollback'],
  handling: ['strict', 'lenient'],
}

export function parsePrefer(header: string | string[] | undefined): Prefer {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '')
  const prefs = new Map<string, string>()
  const invalid: string[] = []
  for (const token of raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const [key = '', value = ''] = token.split('=', 2).map((s) => s.trim())
    const valid = key === 'max-affected' ? /^\d+$/.test(value) : ACCEPTED[key]?.includes(value)
    if (valid) prefs.set(key, value)
    else if (key !== 'timezone' && key !== 'params') invalid.push(token)
  }
  if (prefs.get('handling') === 'strict' && invalid.length > 0) {
    throw pgrstError(
      400,
      'PGRST122',
      'Invalid preferences given with handling=strict',
      `Invalid preferences: ${invalid.join(', ')}`,
    )
  }
  const strict = prefs.get('handling') === 'strict'
  const prefer: Prefer = {
    return: (prefs.get('return') as Prefer['return']) ?? null,
    count: prefs.has('count'),
    resolution: (prefs.get('resolution') as Prefer['resolution']) ?? null,
    missingDefault: prefs.get('missing') === 'default',
    rollback: prefs.get('tx') === 'rollback',
    maxAffected: strict && prefs.has('max-affected') ? Number(prefs.get('max-affected')) : null,
    applied: [],
  }
  for (const key of ['return', 'count', 'resolution', 'missing', 'tx', 'handling', 'max-affected']) {
    if (prefs.has(key) && (key !== 'max-affected' || strict)) prefer.applied.push(`${key}=${prefs.get(key)}`)
  }
  return prefer
}
