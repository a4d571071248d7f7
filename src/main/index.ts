// Electron composition root: reads the flags, builds the services with Electron's adapters, and wires
// windows, tray, notifications and OS events to the one engine. No business logic here.
import {
  app,
  Menu,
  Notification,
  Tray,
  net,
  powerMonitor,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron'
import { randomUUID } from 'node:crypto'
import { isAbsolute, join } from 'node:path'
import WebSocket from 'ws'
import { AlertPolicy } from './core/alerts'
import { createHandlers } from './core/api'
import { systemClock } from './core/clock'
import { createConsole, type Console } from './core/console'
import type { ProjectTarget } from './core/console-types'
import { superviseInto, type BackendSupervisor } from './embedded/supervisor'
import { utilityLauncher } from './electron/embedded-process'
import { parseCliFlags, type CliFlags } from './electron/cli'
import { registerAppScheme, serveRenderer } from './electron/app-protocol'
import { startDesktopAlerts } from './electron/desktop-alerts'
import { registerHandlers } from './electron/ipc'
import { createRotatingLog, type RotatingLog } from './electron/logs'
import { menuTemplate } from './electron/menu'
import { createNotifier } from './electron/notifier'
import { wirePower } from './electron/power'
import { openSettingsRepository, type SettingsRepository } from './electron/settings-repository'
import { kioskHandlers, rendererDevUrl, startupProject } from './electron/launch-config'
import { consoleFolder, jsonStorePath, openJsonStore } from './electron/stores'
import { createTokenStore } from './electron/token-store'
import { createAppTray } from './electron/tray'
import { WindowManager } from './electron/window-manager'
import { safeExternalUrl } from './electron/windows'

const APP_ID = 'app.floorwatch.console'
const HELP_URL = 'https://github.com/floorwatch/floorwatch#readme'
// Development only: a packaged app never loads another origin into a window that IPC trusts.
const devRenderer = rendererDevUrl(process.env, app.isPackaged)
const devServerUrl = devRenderer.url ?? undefined

/** --profile: a folder of its own for settings, session, logs, Chromium data and the single-instance lock. */
function applyProfile(flags: CliFlags): void {
  if (!flags.profile) return
  const dir = isAbsolute(flags.profile)
    ? flags.profile
    : join(app.getPath('appData'), `Floorwatch-${flags.profile}`)
  app.setPath('userData', dir)
}

/** The embedded backend in a utilityProcess, supervised: restarted with backoff whenever it dies. */
function superviseEmbedded(engine: Console, log: RotatingLog): BackendSupervisor {
  return superviseInto(engine, {
    launch: utilityLauncher({
      utilityProcess,
      entry: join(import.meta.dirname, 'embedded.js'),
      dataDir: join(app.getPath('userData'), 'embedded'),
      log: (line) => log.info(line),
    }),
    clock: systemClock,
    log: (m) => log.warn(m),
  })
}

/** The project to start on (checked keys; unattended credentials only with their own project), or none. */
function savedProject(settings: SettingsRepository, warn: (m: string) => void): ProjectTarget | null {
  const { project, problems } = startupProject(settings.get().connection, process.env)
  for (const problem of problems) warn(problem)
  return project
}

function wireAlerts(engine: Console, settings: SettingsRepository, windows: WindowManager, icon: string) {
  const { minSeverity, quietHours } = settings.get().notifications
  const policy = new AlertPolicy({
    clock: systemClock,
    serverNow: () => engine.serverNow(),
    minSeverity,
    quietHours,
  })
  policy.restoreMute(settings.get().mutedUntil)
  const notifier = createNotifier({
    Notification,
    platform: process.platform,
    icon: join(icon, 'icon.png'),
    soundEnabled: () => settings.get().notifications.sound,
    open: (alertId) => {
      policy.markRead(alertId)
      windows.openAlert(alertId)
    },
    acknowledge: (alertId) => void engine.alertAction({ alertId, kind: 'ack', clientEventId: randomUUID() }),
    flash: () => windows.flash(),
  })
  const timeOfDay = (ms: number) =>
    new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  const tray = createAppTray({
    createTray: (image) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    setBadgeCount: (n) => app.setBadgeCount(n),
    iconDir: icon,
    platform: process.platform,
    timeOfDay,
    actions: {
      show: () => windows.show(),
      mute: (ms) => settings.update({ mutedUntil: policy.mute(ms) }),
      unmute: () => {
        policy.unmute()
        settings.update({ mutedUntil: null })
      },
      quit: () => app.quit(),
    },
  })
  app.on('browser-window-focus', () => policy.markAllRead())
  const stop = startDesktopAlerts({
    engine,
    policy,
    clock: systemClock,
    apply: (command) => notifier.apply(command),
    enabled: () => settings.get().notifications.enabled,
    onState: (state) => tray.update(state),
  })
  return () => {
    stop()
    policy.dispose()
    notifier.closeAll()
    tray.destroy()
  }
}

async function main(flags: CliFlags): Promise<void> {
  await app.whenReady()
  const userData = app.getPath('userData')
  const log = createRotatingLog({ dir: join(userData, 'logs'), echo: !app.isPackaged })
  log.info(`Floorwatch ${app.getVersion()} starting (${process.platform}, userData ${userData})`)
  for (const problem of flags.problems) log.warn(problem)
  if (devRenderer.problem) log.warn(devRenderer.problem)
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  serveRenderer(join(import.meta.dirname, '../renderer'))

  const early: { level: 'warning'; message: string; lasting: boolean }[] = []
  let windows: WindowManager | null = null
  const warn = (message: string, lasting = true) => {
    log.warn(message)
    if (windows) windows.notice('warning', message, lasting)
    else early.push({ level: 'warning', message, lasting })
  }
  const settings = openSettingsRepository({
    open: () => openJsonStore('settings'),
    path: jsonStorePath(userData, 'settings'),
    clock: systemClock,
    report: (problem) => warn(problem),
  })
  const sessionStore = createTokenStore({
    safeStorage,
    store: openJsonStore('session'),
    platform: process.platform,
    warn: (m) => warn(m),
    log: (m) => log.info(m),
  })
  // Settings → Connect moves the console to another project at run time and remembers it.
  const project = savedProject(settings, warn)
  const engine = createConsole({
    project,
    embedded: !project,
    sessionStore,
    storage: consoleFolder(userData),
    log,
    // `ws` rather than Node's WebSocket: it says when a connection was refused (a backend restarting), which
    // the session retries on a short cap (reconnect.unreachableCapMs).
    webSocket: WebSocket,
    // A kiosk is a wall display in the org's presence, not a supervisor.
    kind: flags.kiosk ? 'wallboard' : 'console',
    onConnected: (next) => settings.update({ connection: { url: next.url, anonKey: next.anonKey } }),
  })
  const supervisor = project ? null : superviseEmbedded(engine, log)
  const info = () => ({
    version: app.getVersion(),
    shell: 'electron' as const,
    backend: engine.settings(),
    readOnly: false,
    kiosk: flags.kiosk,
  })
  registerHandlers(
    kioskHandlers(createHandlers(engine, info), () => flags.kiosk),
    devServerUrl,
  )

  const icons = app.isPackaged ? join(process.resourcesPath, 'icons') : join(app.getAppPath(), 'resources')
  windows = new WindowManager({
    engine,
    settings,
    flags,
    clock: systemClock,
    log: (m) => log.info(m),
    paths: { preloadDir: join(import.meta.dirname, '../preload'), devServerUrl: devServerUrl ?? null },
  })
  for (const n of early) windows.notice(n.level, n.message, n.lasting)
  engine.onNotice((n) => windows?.notice(n.level, n.message, n.level !== 'info'))
  wireShell(engine, settings, windows, flags, log, () => void supervisor?.stop(), icons)
  void engine.start()
  void supervisor?.start()
  if (!flags.headless) windows.show()
}

function wireShell(
  engine: Console,
  settings: SettingsRepository,
  windows: WindowManager,
  flags: CliFlags,
  log: RotatingLog,
  stopBackend: () => void,
  icons: string,
): void {
  const stopAlerts = wireAlerts(engine, settings, windows, icons)
  const stopPower = wirePower({
    powerMonitor,
    isOnline: () => net.isOnline(),
    engine,
    clock: systemClock,
    log: log.info,
  })
  const actions = {
    newWindow: () => void windows.openExtra(),
    openLogsFolder: () => void shell.openPath(log.dir),
    openHelp: () => {
      const url = safeExternalUrl(HELP_URL)
      if (url) void shell.openExternal(url)
    },
  }
  Menu.setApplicationMenu(
    flags.kiosk ? null : Menu.buildFromTemplate(menuTemplate(process.platform, actions, !app.isPackaged)),
  )
  app.on('second-instance', (_event, argv) => {
    const next = parseCliFlags(argv)
    // Once a kiosk, a kiosk for the rest of this run (Settings → Connect stays withdrawn).
    if (next.kiosk) flags.kiosk = true
    windows.applyFlags(next)
  })
  app.on('activate', () => void windows.show())
  // The tray keeps the console (and its notifications) alive with every window closed, except in kiosk mode.
  app.on('window-all-closed', () => {
    if (flags.kiosk) app.quit()
  })
  app.once('will-quit', () => {
    log.info('quitting')
    stopAlerts()
    stopPower()
    settings.flush()
    void engine.stop()
    stopBackend()
  })
}

const flags = parseCliFlags(process.argv)
applyProfile(flags)
// Chromium learns its schemes at start-up: app:// must be declared before `ready` (checklist 18).
registerAppScheme()
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  main(flags).catch((err: unknown) => {
    console.error('Floorwatch failed to start:', err)
    app.exit(1)
  })
}
