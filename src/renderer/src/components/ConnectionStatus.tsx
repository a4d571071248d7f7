// The connection state, in every header: colour, icon and words together (never colour alone), with the
// reason one hover or screen-reader read away.
import type { HealthState } from '../../../shared/health'
import { useFwShallow } from '../store/react'

export const STATE_LOOK: Record<HealthState, { icon: string; text: string; tone: string }> = {
  LIVE: { icon: '●', text: 'Live', tone: 'good' },
  CONNECTING: { icon: '◌', text: 'Connecting', tone: 'info' },
  DEGRADED: { icon: '▲', text: 'Degraded', tone: 'warning' },
  STALE: { icon: '◷', text: 'Stale', tone: 'warning' },
  OFFLINE: { icon: '✕', text: 'Offline', tone: 'critical' },
}

/**
 * The reason beside the state word, without repeating it: the engine's "Live" next to the pill's "Live"
 * read "Live Live", and "Live (heartbeat 40 ms)" reads better as the part in brackets.
 */
export function reasonBeside(word: string, reason: string): string {
  const r = reason.trim()
  if (r.toLowerCase() === word.toLowerCase()) return ''
  const bracketed = new RegExp(`^${word}\\s*\\((.*)\\)$`, 'i').exec(r)
  if (bracketed) return bracketed[1]!
  return r.replace(new RegExp(`^${word}\\s*[:—-]\\s*`, 'i'), '')
}

export function ConnectionStatus() {
  const { state, reason } = useFwShallow((s) => ({
    state: s.connection.health?.state ?? 'CONNECTING',
    reason: s.connection.health?.reason ?? 'Waiting for the engine',
  }))
  const look = STATE_LOOK[state]
  const detail = reasonBeside(look.text, reason)
  return (
    <div
      className={`conn conn-${look.tone}`}
      role="status"
      aria-live="polite"
      data-state={state}
      title={reason}
    >
      <span className="conn-icon" aria-hidden="true">
        {look.icon}
      </span>
      <span className="conn-text">{look.text}</span>
      {detail && <span className="conn-reason">{detail}</span>}
    </div>
  )
}
