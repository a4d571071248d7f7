// Which app a window shows: the supervisor's console, or board mode for a wall display. A wall token (a
// read-only view) or `?board` means board mode; `?console` keeps the read-only console for a desk that only
// watches.
import { App } from './App'
import { BoardApp } from './board/BoardApp'
import { useFw } from './store/react'

export function isBoardMode(search: string, readOnly: boolean | undefined): boolean {
  const q = new URLSearchParams(search)
  if (q.has('board')) return true
  return readOnly === true && !q.has('console')
}

export function Shell() {
  const readOnly = useFw((s) => s.ui.info?.readOnly)
  return isBoardMode(window.location.search, readOnly) ? <BoardApp /> : <App />
}
