// Board mode, for wall displays (a wall token in a browser, `?board`, or the Electron kiosk): no sidebar and
// no actions; one board of big tiles at a time from the wall's profile, turning with a visible progress cue,
// and an overlay whenever the figures are not live.
import { useMemo } from 'react'
import { useTick } from '../lib/ticker'
import { Empty } from '../components/StateMessage'
import { Toasts } from '../components/Toasts'
import { useFw } from '../store/react'
import { BoardOverlay } from './BoardOverlay'
import { AnnouncementBanner, IdentifyFlash } from './WallNotices'
import { BoardTile } from './tiles'
import {
  useBoardFigures,
  useBoardProfile,
  useBoardTheme,
  useIdleCursor,
  useRotation,
  wantedProfile,
} from './use-board'
import './board.css'

function Clock() {
  const now = useTick()
  return (
    <time className="board-clock" dateTime={new Date(now).toISOString()}>
      {new Date(now).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}
    </time>
  )
}

export function BoardApp({ search = window.location.search }: { search?: string }) {
  const wanted = useMemo(() => wantedProfile(search), [search])
  const profile = useBoardProfile(wanted)
  const figures = useBoardFigures()
  const { index, progress } = useRotation(profile)
  const loaded = useFw((s) => s.floor.loaded)
  useBoardTheme(profile?.theme ?? 'dark')
  const board = profile?.boards[index] ?? null
  const rotating = !!profile && profile.boards.length > 1 && profile.rotationSeconds > 0
  const cursorHidden = useIdleCursor()
  return (
    <div
      className={cursorHidden ? 'board board-cursor-hidden' : 'board'}
      data-board={board?.name ?? ''}
      data-theme={profile?.theme ?? 'dark'}
    >
      <header className="board-header">
        <h1 className="board-title">
          {profile?.name ?? 'Floorwatch'}
          {board && profile && profile.boards.length > 1 && (
            <span className="board-subtitle"> · {board.name}</span>
          )}
        </h1>
        {rotating && (
          <ol className="board-dots" aria-label="Boards in this playlist">
            {profile.boards.map((b, i) => (
              <li key={i} className={i === index ? 'is-current' : ''} aria-current={i === index || undefined}>
                {b.name}
              </li>
            ))}
          </ol>
        )}
        <Clock />
      </header>
      {rotating && (
        <div
          className="board-progress"
          role="progressbar"
          aria-label={`Next board in ${Math.ceil((1 - progress) * profile.rotationSeconds)} s`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(progress * 100)}
        >
          <div className="board-progress-bar" style={{ transform: `scaleX(${progress})` }} />
        </div>
      )}
      <main className="board-main">
        {loaded && !profile && (
          <Empty>No wall board is configured for this organisation (table wallboard_profiles).</Empty>
        )}
        {board && profile && (
          <div className="board-grid" data-count={board.tiles.length}>
            {board.tiles.map((id) => (
              <BoardTile key={id} id={id} figures={figures} thresholds={profile.thresholds} />
            ))}
          </div>
        )}
        {profile && profile.problems.length > 0 && (
          <p className="board-problems" role="note">
            Board settings ignored: {profile.problems.join('; ')}
          </p>
        )}
      </main>
      <AnnouncementBanner />
      <BoardOverlay />
      <IdentifyFlash />
      {/* The app's notices (a kiosk restored after a hang, a storage warning): told on the wall too. */}
      <Toasts />
    </div>
  )
}
