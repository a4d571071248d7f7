// Stale data looks stale: when the floor on screen is not live (STALE, OFFLINE, or the offline cache) the
// values dim (via the shell's class) and this banner says what they are, how old, and why.
import { age, clockTime, localZone } from '../lib/format'
import { useTick } from '../lib/ticker'
import { useFwShallow } from '../store/react'

export function useIsStale(): boolean {
  const { state, cached } = useFwShallow((s) => ({
    state: s.connection.health?.state,
    cached: s.floor.loaded && s.floor.source === 'cache',
  }))
  return cached || state === 'STALE' || state === 'OFFLINE'
}

export function StaleBanner() {
  const { state, reason, asOf, cached } = useFwShallow((s) => ({
    state: s.connection.health?.state,
    reason: s.connection.health?.reason ?? '',
    // The engine's own word: the last moment the data was confirmed current.
    asOf: s.connection.health?.data?.asOf ?? null,
    // The rows on screen are the offline cache until the server has confirmed them.
    cached: s.floor.loaded && s.floor.source === 'cache',
  }))
  const now = useTick()
  if (cached) {
    return (
      <div className="stale-banner stale-cached" role="status">
        <strong>CACHED</strong> — showing the last known floor
        {asOf
          ? ` as of ${clockTime(asOf, localZone())}, ${age(now - asOf).replace(' ago', ' old')}`
          : ''}. {reason}
      </div>
    )
  }
  if (state !== 'STALE' && state !== 'OFFLINE') return null
  return (
    <div className={`stale-banner stale-${state.toLowerCase()}`} role="alert">
      <strong>{state === 'OFFLINE' ? 'Offline' : 'Data is stale'}:</strong> showing the floor as of{' '}
      {asOf ? age(now - asOf) : 'an unknown time'}. {reason}
    </div>
  )
}
