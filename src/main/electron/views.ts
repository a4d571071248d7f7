// Connects one window to the engine: a relay view of its own (snapshot first, then batches), health and
// presence pushes; all undone when the window goes away.
import type { BrowserWindow } from 'electron'
import type { ConsoleEngine } from '../core/api'
import { emit } from './ipc'

export function connectWindow(win: BrowserWindow, engine: ConsoleEngine): () => void {
  const wc = win.webContents
  let view: ReturnType<ConsoleEngine['attachView']> | null = null
  const offHealth = engine.onHealth((h) => emit(wc, 'health:changed', h))
  const offPresence = engine.onPresence((w) => emit(wc, 'presence:changed', w))
  // A (re)loaded page starts empty: give it a fresh view, hence a fresh snapshot.
  const attach = () => {
    view?.close()
    view = engine.attachView({ send: (batch) => emit(wc, 'floor:batch', batch) })
    emit(wc, 'health:changed', engine.health())
    emit(wc, 'presence:changed', engine.presence())
  }
  wc.on('did-finish-load', attach)
  const detach = () => {
    view?.close()
    offHealth()
    offPresence()
  }
  win.once('closed', detach)
  return detach
}
