// Loading, empty and error states, the same everywhere. A loading state is never a bare spinner: it says
// what the connection is doing (retrying, signed out…) in the engine's own words.
import type { ReactNode } from 'react'
import { useFwShallow } from '../store/react'

export function Loading({ what }: { what: string }) {
  const { state, reason } = useFwShallow((s) => ({
    state: s.connection.health?.state,
    reason: s.connection.health?.reason,
  }))
  return (
    <div className="state-msg state-loading" role="status">
      <p>
        <span className="spinner" aria-hidden="true" /> Loading {what}…
      </p>
      {reason && state !== 'LIVE' ? <p className="state-reason">{reason}</p> : null}
    </div>
  )
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state-msg state-empty">{children}</p>
}

export function ErrorMessage({ children }: { children: ReactNode }) {
  return (
    <p className="state-msg state-error" role="alert">
      <span aria-hidden="true">⚠ </span>
      {children}
    </p>
  )
}
