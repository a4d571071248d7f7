// Offline first, as a supervisor meets it: the headless console started while its project is down opens
// on the last known floor, labelled CACHED with its time and age, raising nothing; when the project comes
// back the label goes and "While you were away" lists what changed meanwhile (made here while no console
// was watching), from the catch-up itself.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { startConsole, type RunningConsole } from '../helpers/console'
import { serviceRest } from '../helpers/rest'

test.describe.configure({ timeout: 180_000 })

let dataDir: string
let cacheDir: string
let port = '0'
let backend: SpawnedBackend | null = null
let app: RunningConsole | null = null
/** The project as the console knows it (kept while the backend is down: same port, same keys). */
let project: SpawnedBackend['info']

const startBackend = async () => {
  backend = await spawnBackend({ args: ['--port', port, '--data', dataDir, '--rate', '0'] })
  port = new URL(backend.info.api_url).port
  project = backend.info
  return backend
}

const rest = (path: string, init: RequestInit = {}): Promise<unknown> =>
  serviceRest(backend!.info, path, init)

const first = async <T>(path: string) => ((await rest(path)) as T[])[0]!

function console_(): Promise<RunningConsole> {
  const info = project
  return startConsole([
    '--supabase-url',
    info.api_url,
    '--anon-key',
    info.anon_key,
    '--email',
    info.demo!.email,
    '--password',
    info.demo!.password,
    '--cache',
    cacheDir,
  ])
}

/** Counts browser notifications the page creates (there must be none from a cached floor). */
async function countNotifications(page: Page) {
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __notified: string[]; Notification: unknown }
    w.__notified = []
    class Spy {
      static permission = 'granted'
      static requestPermission = async () => 'granted'
      constructor(title: string) {
        w.__notified.push(title)
      }
      close() {}
      addEventListener() {}
    }
    w.Notification = Spy
  })
}

/** FLOORWATCH_SCREENSHOTS=docs/screenshots keeps what the supervisor saw, for the docs. */
async function shoot(page: Page, name: string) {
  const dir = process.env.FLOORWATCH_SCREENSHOTS
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`) })
}

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-offline-data-'))
  cacheDir = await mkdtemp(join(tmpdir(), 'fw-offline-cache-'))
  await startBackend()
})
test.afterAll(async () => {
  await app?.stop()
  await backend?.stop()
  await rm(dataDir, { recursive: true, force: true })
  await rm(cacheDir, { recursive: true, force: true })
})

test('a console started with its project down shows the cached floor, then what happened meanwhile', async ({
  page,
}) => {
  const queue = await first<{ id: string; org_id: string; name: string }>(
    'queues?select=id,org_id,name&limit=1',
  )
  const [call] = (await rest('calls', {
    method: 'POST',
    body: JSON.stringify({
      org_id: queue.org_id,
      queue_id: queue.id,
      status: 'queued',
      caller_masked: '+44 •••• 4242',
    }),
  })) as { id: string }[]
  const session = await first<{ id: string; agent_id: string; status: string }>(
    'agent_sessions?select=id,agent_id,status&status=neq.offline&limit=1',
  )
  const agent = await first<{ name: string }>(`agents?select=name&id=eq.${session.agent_id}`)
  const awayStatus = session.status === 'break' ? 'available' : 'break'

  // 1. Live once, long enough for the cache to be written; then everything stops.
  app = await console_()
  await page.goto(app.url)
  await expect(page.locator('.app-header [data-state]')).toHaveAttribute('data-state', 'LIVE', {
    timeout: 60_000,
  })
  await expect
    .poll(async () => (await readdir(cacheDir)).filter((f) => f.startsWith('cache-')), {
      timeout: 10_000,
    })
    .toHaveLength(1)
  await app.stop()
  app = null

  // 2. Meanwhile, with no console watching: a call abandoned, an alert raised, an agent on break.
  const title = `Trunk ${Date.now()} is down`
  await rest(`calls?id=eq.${call!.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ status: 'abandoned', ended_at: new Date().toISOString() }),
  })
  await rest('alerts', {
    method: 'POST',
    body: JSON.stringify({ org_id: queue.org_id, severity: 'critical', title }),
  })
  await rest(`agent_sessions?id=eq.${session.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ status: awayStatus, status_since: new Date().toISOString() }),
  })
  await backend!.stop()
  backend = null

  // 3. The console starts while the project is down: the cached floor at once, labelled, raising nothing.
  app = await console_()
  await countNotifications(page)
  await page.goto(app.url)
  const banner = page.locator('.stale-cached')
  await expect(banner).toContainText(/CACHED — showing the last known floor as of \d\d:\d\d:\d\d/, {
    timeout: 5_000,
  })
  await expect(page.locator('.queue-card', { hasText: queue.name })).toBeVisible()
  await expect(page.locator('.toast', { hasText: title })).toHaveCount(0)
  await shoot(page, 'offline-cached')

  // 4. The project comes back: the label goes, and the catch-up lists what changed during the gap.
  await startBackend()
  await expect(page.locator('.app-header [data-state]')).toHaveAttribute('data-state', 'LIVE', {
    timeout: 60_000,
  })
  await expect(banner).toHaveCount(0)
  const away = page.getByRole('region', { name: 'While you were away' })
  await expect(away).toBeVisible()
  await expect(away.getByRole('listitem').filter({ hasText: `Alert raised: ${title}` })).toHaveCount(1)
  await expect(away.getByText(/^Caller \+44 •••• 4242 abandoned/)).toBeVisible()
  await expect(
    away.getByText(`${agent.name}: ${session.status.replace('_', ' ')} → ${awayStatus}`),
  ).toBeVisible()
  await expect(page.locator('.toast', { hasText: title })).toHaveCount(0)
  await shoot(page, 'offline-away')
  expect(await page.evaluate(() => (globalThis as unknown as { __notified: string[] }).__notified)).toEqual(
    [],
  )
})
