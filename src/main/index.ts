// Electron composition root: builds the services, windows and OS wiring; no business logic here.
import { app, BrowserWindow, powerMonitor, session, utilityProcess } from 'electron'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createEngine } from './core/engine'
import { createHandlers } from './core/api'
import { registerHandlers } from './electron/ipc'
import { createMainWindow } from './electron/windows'
import { connectWindow } from './electron/views'

const devServerUrl = process.env.ELECTRON_RENDERER_URL

interface EmbeddedInfo {
  api_url: string
  anon_key: string
  demo: { email: string; password: string } | null
}

async function startEmbeddedBackend(): Promise<{ info: EmbeddedInfo; stop(): void }> {
  const dataDir = join(app.getPath('userData'), 'embedded')
  const child = utilityProcess.fork(join(__dirname, 'embedded.js'), ['--data', dataDir], {
    stdio: 'pipe',
    serviceName: 'Floorwatch embedded backend',
  })
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`embedded backend exited with code ${code}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  return { info: JSON.parse(line) as EmbeddedInfo, stop: () => child.kill() }
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  const backend = await startEmbeddedBackend()
  const engine = createEngine({
    supabaseUrl: backend.info.api_url,
    anonKey: backend.info.anon_key,
    credentials: backend.info.demo ?? undefined,
  })
  const info = () => ({
    version: app.getVersion(),
    shell: 'electron' as const,
    backend: { url: backend.info.api_url, demo: true },
    readOnly: false,
  })
  registerHandlers(createHandlers(engine, info), devServerUrl)
  powerMonitor.on('resume', () => engine.wake('resume'))
  powerMonitor.on('unlock-screen', () => engine.wake('unlock'))
  app.on('will-quit', () => {
    void engine.stop()
    backend.stop()
  })
  void engine.start()

  const open = () => {
    const win = createMainWindow(
      join(__dirname, '../preload'),
      devServerUrl ?? null,
      join(__dirname, '../renderer/index.html'),
    )
    connectWindow(win, engine)
    return win
  }
  let win = open()
  app.on('second-instance', () => {
    if (win.isDestroyed()) win = open()
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = open()
  })
  app.on('window-all-closed', () => app.quit())
}

main().catch((err: unknown) => {
  console.error('Floorwatch failed to start:', err)
  app.exit(1)
})
