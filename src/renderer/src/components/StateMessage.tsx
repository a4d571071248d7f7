// Loading, empty and error states, the same everywhere.
import type { ReactNode } from 'react'

export function Loading({ what }: { what: string }) {
  return (
    <p className="state-msg state-loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
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
