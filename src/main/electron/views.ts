// Connects one window to the engine: a relay view of its own (snapshot first, then batches), health and
// presence pushes; all undone when the window goes away.
import type { BrowserWindow } from 'electron'
import type { FloorConsole } from '../core/console-types'
import { parseAnnouncement } from '../../shared/walls'
import { emit } from './ipc'

export function connectWindow(win: BrowserWindow, engine: FloorConsole): () => void {
  const wc = win.webContents
  let view: ReturnType<FloorConsole['attachView']> | null = null
  const offHealth = engine.onHealth((h) => emit(wc, 'health:changed', h))
  const offPresence = engine.onPresence((w) => emit(wc, 'presence:changed', w))
  const offSession = engine.onSession((s) => emit(wc, 'session:changed', s))
  const offOutbox = engine.onOutbox((p) => emit(wc, 'outbox:changed', p))
  // A kiosk wall shows announcements too (parsed here: nothing half-read reaches the page).
  const offAnnouncement = engine.onAnnouncement((payload) => {
    const a = parseAnnouncement(payload)
    if (a) emit(wc, 'wall:announcement', a)
  })
  // A (re)loaded page starts empty: give it a fresh view, hence a fresh snapshot.
  const attach = () => {
    view?.close()
    view = engine.attachView({ send: (batch) => emit(wc, 'floor:batch', batch) })
    emit(wc, 'health:changed', engine.health())
    emit(wc, 'presence:changed', engine.presence())
    emit(wc, 'outbox:changed', engine.outbox())
  }
  wc.on('did-finish-load', attach)
  const detach = () => {
    view?.close()
    offHealth()
    offPresence()
    offSession()
    offOutbox()
    offAnnouncement()
  }
  win.once('closed', detach)
  return detach
}
