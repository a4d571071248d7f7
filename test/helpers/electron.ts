// Shared by the Electron end-to-end specs: where the Electron binary is, the built app launched on a
// backend in a throwaway profile.
import { _electron as electron, test, type ElectronApplication } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BackendInfo } from '../../src/main/embedded/spawn'

export const ROOT = resolve(import.meta.dirname, '../..')

/** The installed Electron binary, found the way `require('electron')` does, but without its download. */
export function electronBinary(): string | null {
  const dir = resolve(ROOT, 'node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const executable = readFileSync(pathFile, 'utf8').trim()
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist')
  const full = join(base, executable)
  return existsSync(full) ? full : null
}

/** Skips the calling spec, saying why, where no Electron binary is installed. */
export function skipWithoutElectron(): void {
  test.skip(
    !electronBinary(),
    'no Electron binary installed (node_modules/electron has no dist/: its install script did not run, and it downloads from GitHub), so the desktop app cannot launch',
  )
}

export interface LaunchedApp {
  app: ElectronApplication
  /** Quits the app and removes its profile. */
  close: () => Promise<void>
}

/**
 * The built app (out/main) connected to `info` as an unattended display is: the credentials come with the
 * project they are for (issue 12 item 14). `args` are the app's own (`--kiosk`, `--board NAME`).
 */
export async function launchApp(info: BackendInfo, args: string[] = []): Promise<LaunchedApp> {
  const profile = mkdtempSync(join(tmpdir(), 'fw-electron-'))
  const app = await electron.launch({
    executablePath: electronBinary()!,
    args: [join(ROOT, 'out/main/index.js'), '--profile', profile, '--password-store=basic', ...args],
    env: {
      ...process.env,
      FLOORWATCH_URL: info.api_url,
      FLOORWATCH_KEY: info.anon_key,
      FLOORWATCH_EMAIL: info.demo!.email,
      FLOORWATCH_PASSWORD: info.demo!.password,
    },
  })
  return {
    app,
    close: async () => {
      await app.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
