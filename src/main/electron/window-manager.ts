// The console's windows: the main one remembers its size, position and display (or takes --display and
// --kiosk), extra ones open on demand; all share the one engine through their own relay views. Each is
// watched for renderer crashes and receives the app's notices, the lasting ones again after every load.
import { app, BrowserWindow, powerSaveBlocker, screen } from 'electron'
import type { Clock } from '../core/clock'
import type { FloorConsole } from '../core/console-types'
import type { EventMap } from '../../shared/contract'
import type { CliFlags } from './cli'
import { watchCrashes, type CrashRecovery } from './crash-recovery'
import { emit } from './ipc'
import type { SettingsRepository } from './settings-repository'
import type { WindowState } from './settings-schema'
import { connectWindow } from './views'
import { findDisplay, placeWindow, trackWindowState } from './window-state'
import { followDisplay, keepAwake, watchAnswers, watchMemory } from './kiosk/adapters'
import { NoticeGate } from './kiosk/logic'
import { createMainWindow } from './windows'

type Notice = EventMap['app:notice']

/** A wall's recoveries within this long of the last notice are one incident: told once. */
const KIOSK_NOTICE_QUIET_MS = 60 * 60_000

export interface WindowManagerDeps {
  engine: FloorConsole
  settings: SettingsRepository
  flags: Pick<CliFlags, 'kiosk' | 'display' | 'board'>
  clock: Clock
  /** The dev server's URL in development; null loads app://floorwatch. */
  paths: { preloadDir: string; devServerUrl: string | null }
  log(message: string): void
}

export class WindowManager {
  private main: BrowserWindow | null = null
  private readonly lasting: Notice[] = []

  constructor(private readonly d: WindowManagerDeps) {}

  /** Shows the main window, creating it if needed. */
  show(): BrowserWindow {
    if (!this.main || this.main.isDestroyed()) this.main = this.open(true)
    if (this.main.isMinimized()) this.main.restore()
    this.main.show()
    this.main.focus()
    return this.main
  }

  openExtra(): BrowserWindow {
    return this.open(false)
  }

  /** Focuses the console and asks it to show one alert (a notification was clicked). */
  openAlert(alertId: string): void {
    const win = this.show()
    const send = () => emit(win.webContents, 'alert:open', { alertId })
    if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send)
    else send()
  }

  /** A notice for every window; `lasting` ones (a storage warning) are repeated to windows opened later. */
  notice(level: Notice['level'], message: string, lasting = false): void {
    const notice = { level, message }
    if (lasting) this.lasting.push(notice)
    for (const win of BrowserWindow.getAllWindows()) emit(win.webContents, 'app:notice', notice)
  }

  flash(): void {
    const win = this.main
    if (win && !win.isDestroyed() && !win.isFocused()) win.flashFrame(true)
  }

  /** Applies flags from a second launch to the running console. */
  applyFlags(flags: Pick<CliFlags, 'kiosk' | 'display'>): void {
    const win = this.show()
    if (flags.display !== null) {
      const place = placeWindow(null, screen.getAllDisplays(), screen.getPrimaryDisplay(), flags.display)
      win.setBounds(place)
    }
    if (flags.kiosk) win.setKiosk(true)
  }

  /**
   * A wall: on its display (remembered by id; the primary while it is unplugged), kept awake, reloaded by
   * the memory watchdog when its renderer keeps growing, and asked to answer on a timer, a silent one
   * being restarted by crash recovery after its grace period. One notice per incident across all of them.
   */
  private kiosk(win: BrowserWindow, place: WindowState, recovery: CrashRecovery, notices: NoticeGate): void {
    const { flags, settings, log } = this.d
    const asked = flags.display === null ? undefined : findDisplay(screen.getAllDisplays(), flags.display)
    const saved = settings.get().window
    // --display picks it and it is remembered; without it, the remembered one (if attached, else primary).
    const wanted = asked?.id ?? saved?.displayId ?? place.displayId ?? null
    if (wanted !== null && saved?.displayId !== wanted) {
      settings.update({ window: { ...(saved ?? place), displayId: wanted } })
    }
    const stops = [
      followDisplay(win, screen, wanted, log),
      keepAwake(powerSaveBlocker),
      watchMemory(win.webContents, {
        clock: this.d.clock,
        log,
        notices,
        notice: (message) => emit(win.webContents, 'app:notice', { level: 'info', message }),
        memoryKb: () => {
          const pid = win.webContents.getOSProcessId()
          return app.getAppMetrics().find((m) => m.pid === pid)?.memory.workingSetSize ?? null
        },
      }),
      watchAnswers(win.webContents, {
        clock: this.d.clock,
        log,
        silent: (why) => recovery.hung(why),
        answered: () => recovery.responsive(),
      }),
    ]
    win.once('closed', () => stops.forEach((stop) => stop()))
  }

  private open(isMain: boolean): BrowserWindow {
    const { paths, settings, flags } = this.d
    const place = isMain
      ? placeWindow(settings.get().window, screen.getAllDisplays(), screen.getPrimaryDisplay(), flags.display)
      : null
    const win = createMainWindow(
      paths.preloadDir,
      paths.devServerUrl,
      {
        ...(place ? { x: place.x, y: place.y, width: place.width, height: place.height } : {}),
        kiosk: isMain && flags.kiosk,
      },
      { board: isMain ? flags.board : null },
    )
    if (place?.maximized) win.maximize()
    if (place?.fullScreen) win.setFullScreen(true)
    if (isMain && !flags.kiosk) {
      const displayOf = (b: { x: number; y: number; width: number; height: number }) =>
        screen.getDisplayMatching(b)
      trackWindowState(win, displayOf, (state) => settings.update({ window: state }), this.d.clock)
    }
    connectWindow(win, this.d.engine)
    const kiosk = isMain && flags.kiosk
    const notices = new NoticeGate(kiosk ? KIOSK_NOTICE_QUIET_MS : 0)
    const notice = (message: string) => emit(win.webContents, 'app:notice', { level: 'warning', message })
    const recovery = watchCrashes(win, { clock: this.d.clock, log: this.d.log, notice, notices })
    if (kiosk && place) this.kiosk(win, place, recovery, notices)
    win.webContents.on('did-finish-load', () => {
      for (const n of this.lasting) emit(win.webContents, 'app:notice', n)
    })
    return win
  }
}
