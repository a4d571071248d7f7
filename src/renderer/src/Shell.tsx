// Which app a window shows: the supervisor's console, or board mode for a wall display. A wall token (a
// read-only view), the desktop app's --kiosk, or `?board` means board mode; `?console` keeps the console
// (read-only for a desk that only watches).
import { App } from './App'
import { BoardApp } from './board/BoardApp'
import { RefusedScreen } from './board/WallNotices'
import './board/board.css'
import { useFw } from './store/react'

export function isBoardMode(search: string, readOnly: boolean | undefined, kiosk = false): boolean {
  const q = new URLSearchParams(search)
  if (q.has('board')) return true
  return (readOnly === true || kiosk) && !q.has('console')
}

export function Shell() {
  const readOnly = useFw((s) => s.ui.info?.readOnly)
  const kiosk = useFw((s) => s.ui.info?.kiosk ?? false)
  const refused = useFw((s) => s.walls.refused)
  if (refused) return <RefusedScreen refusal={refused} />
  return isBoardMode(window.location.search, readOnly, kiosk) ? <BoardApp /> : <App />
}
