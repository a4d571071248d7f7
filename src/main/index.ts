// Electron composition root: builds the services, windows and OS wiring; no business logic here.
import { app, BrowserWindow, session, utilityProcess } from 'electron'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { handle, noPayload } from './electron/ipc'
import { createMainWindow } from './electron/windows'
import type { AppInfo } from '../shared/contract'

const devServerUrl = process.env.ELECTRON_RENDERER_URL

async function startEmbeddedBackend(): Promise<{ url: string; stop(): void }> {
  const child = utilityProcess.fork(
    join(__dirname, 'embedded.js'),
    ['--data', join(app.getPath('userData'), 'embedded')],
    {
      stdio: 'pipe',
      serviceName: 'Floorwatch embedded backend',
    },
  )
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`embedded backend exited with code ${code}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  const info = JSON.parse(line) as { api_url: string }
  return { url: info.api_url, stop: () => child.kill() }
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  const backend = await startEmbeddedBackend()
  app.on('will-quit', () => backend.stop())

  handle(
    'app:info',
    noPayload,
    async (): Promise<AppInfo> => ({
      version: app.getVersion(),
      shell: 'electron',
      backend: { url: backend.url, demo: true },
    }),
    devServerUrl,
  )
  const open = () =>
    createMainWindow(
      join(__dirname, '../preload'),
      devServerUrl ?? null,
      join(__dirname, '../renderer/index.html'),
    )
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
