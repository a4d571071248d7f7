// Shared by the Electron end-to-end specs: where the Electron binary is, and REST as the service role.
import { expect } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

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

/** A PostgREST call to a spawned backend with its service_role key (test set-up only, never the app). */
export async function serviceRest(
  info: { api_url: string; service_role_key: string },
  path: string,
  init: RequestInit = {},
): Promise<unknown> {
  const key = info.service_role_key
  const res = await fetch(`${info.api_url}/rest/v1/${path}`, {
    ...init,
    headers: {
      apikey: key,
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      prefer: 'return=representation',
    },
  })
  expect(res.ok).toBe(true)
  return res.json()
}
