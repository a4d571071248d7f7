// Where the project's files are, whether this runs from src/ (tsx, tests) or from a bundle in out/.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'supabase', 'migrations'))) return dir
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  // Packaged app: migrations ship as extra resources next to the asar.
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath
  if (resources && existsSync(join(resources, 'supabase', 'migrations'))) return resources
  throw new Error('Cannot find supabase/migrations next to the application files.')
}

export const ROOT = projectRoot()
export const MIGRATIONS_DIR = join(ROOT, 'supabase', 'migrations')
export const SQL_DIR = join(ROOT, 'src', 'main', 'embedded', 'db')
export const CACHE_DIR =
  process.env.FLOORWATCH_CACHE_DIR ?? join(ROOT, 'node_modules', '.cache', 'floorwatch')
