// Which app a window shows: the supervisor's console, or board mode for a wall display. A wall token (a
// read-only view) or `?board` means board mode; `?console` keeps the read-only console for a desk that only
// watches.
import { App } from './App'
import { BoardApp } from './board/BoardApp'
import { RefusedScreen } from './board/WallNotices'
import './board/board.css'
import { useFw } from './store/react'

export function isBoardMode(search: string, readOnly: boolean | undefined): boolean {
  const q = new URLSearchParams(search)
  if (q.has('board')) return true
  return readOnly === true && !q.has('console')
}

export function Shell() {
  const readOnly = useFw((s) => s.ui.info?.readOnly)
  const refused = useFw((s) => s.walls.refused)
  if (refused) return <RefusedScreen refusal={refused} />
  return isBoardMode(window.location.search, readOnly) ? <BoardApp /> : <App />
}
