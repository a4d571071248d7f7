// Stale data looks stale: when the feed is STALE or OFFLINE the values dim (via the shell's class) and
// this banner says how old they are and why.
import { age } from '../lib/format'
import { useTick } from '../lib/ticker'
import { useFwShallow } from '../store/react'

export function useIsStale(): boolean {
  const { state } = useFwShallow((s) => ({ state: s.connection.health?.state }))
  return state === 'STALE' || state === 'OFFLINE'
}

export function StaleBanner() {
  const { state, reason, asOf } = useFwShallow((s) => ({
    state: s.connection.health?.state,
    reason: s.connection.health?.reason ?? '',
    // The engine's own word: the last moment the data was confirmed current.
    asOf: s.connection.health?.data?.asOf ?? null,
  }))
  const now = useTick()
  if (state !== 'STALE' && state !== 'OFFLINE') return null
  return (
    <div className={`stale-banner stale-${state.toLowerCase()}`} role="alert">
      <strong>{state === 'OFFLINE' ? 'Offline' : 'Data is stale'}:</strong> showing the floor as of{' '}
      {asOf ? age(now - asOf) : 'an unknown time'}. {reason}
    </div>
  )
}
