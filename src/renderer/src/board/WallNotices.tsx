// What a wall shows besides its board: a supervisor's announcement as a banner until its time is up, its
// own name in big letters while a supervisor asks "which one is this?", and, when its token is refused, a
// screen that says why and what to do (never "Loading the floor…" forever).
import type { AccessRefusal } from '../../../shared/walls'
import { useTick } from '../lib/ticker'
import { useFw } from '../store/react'
import { currentAnnouncements } from '../store/walls-slice'

export function AnnouncementBanner() {
  const list = useFw((s) => s.walls.announcements)
  const now = useTick()
  const current = currentAnnouncements(list, now)
  if (current.length === 0) return null
  return (
    <section className="board-announcements" aria-label="Announcements">
      {current.map((a) => (
        <p key={a.id} className="board-announcement" role="status" data-announcement={a.id}>
          <span className="board-announcement-icon" aria-hidden="true">
            ⚑
          </span>
          <span className="board-announcement-text">{a.text}</span>
          {a.from && <span className="board-announcement-from">— {a.from}</span>}
        </p>
      ))}
    </section>
  )
}

export function IdentifyFlash() {
  const identify = useFw((s) => s.walls.identify)
  const now = useTick()
  if (!identify || identify.until <= now) return null
  return (
    <div className="board-identify" role="status" aria-live="assertive" data-identify>
      <p className="board-identify-label">This wall display is</p>
      <p className="board-identify-name">{identify.name}</p>
    </div>
  )
}

const TITLE: Record<AccessRefusal['reason'], string> = {
  missing: 'No access token',
  wrong: 'Access token not recognised',
  revoked: 'Access revoked',
}

export function RefusedScreen({ refusal }: { refusal: AccessRefusal }) {
  return (
    <main className="board-refused" data-refused={refusal.reason}>
      <h1>{TITLE[refusal.reason]}</h1>
      <p>{refusal.message}</p>
      <p className="board-refused-help">
        A supervisor makes a wall display&apos;s address in Floorwatch under Settings → Wall displays.
      </p>
    </main>
  )
}
