// Settings → Connect on the headless console, in Chromium, against two backends this test owns: once the
// move to the second project succeeds, the same page (no reload, no restart) shows that project's URL, then
// the sign-in it needs, then its user and its organisation, in Settings and in the header.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { startConsole, type RunningConsole } from '../helpers/console'
import { serviceRest } from '../helpers/rest'

const CONSOLE_TOKEN = 'connect-e2e-token-0123456789'

let first: SpawnedBackend
let second: SpawnedBackend
let app: RunningConsole
let dataDir: string

const rest = (backend: SpawnedBackend, path: string, init: RequestInit = {}): Promise<unknown> =>
  serviceRest(backend.info, path, init)

test.beforeAll(async () => {
  test.setTimeout(120_000)
  dataDir = await mkdtemp(join(tmpdir(), 'floorwatch-connect-e2e-'))
  ;[first, second] = await Promise.all([
    spawnBackend({ args: ['--port', '0', '--data', join(dataDir, 'a'), '--rate', '2', '--seed', '1'] }),
    spawnBackend({ args: ['--port', '0', '--data', join(dataDir, 'b'), '--rate', '2', '--seed', '2'] }),
  ])
  // Both demo floors are called Northwind: the second gets a name of its own, so the test sees it arrive.
  await rest(second, 'orgs', { method: 'PATCH', body: JSON.stringify({ name: 'Southwind Sales' }) })
  app = await startConsole([
    '--supabase-url',
    first.info.api_url,
    '--anon-key',
    first.info.anon_key,
    '--email',
    first.info.demo!.email,
    '--password',
    first.info.demo!.password,
    '--token',
    CONSOLE_TOKEN,
  ])
})
test.afterAll(async () => {
  await app?.stop()
  await first?.stop()
  await second?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

test('after Connect succeeds, the account panel follows: project, then sign-in, then user and org', async ({
  page,
}) => {
  test.setTimeout(90_000)
  const [secondOrg] = (await rest(second, 'orgs?select=id')) as { id: string }[]
  await page.goto(`${app.url}?token=${CONSOLE_TOKEN}`)
  await expect(page.locator('.app-header [data-state="LIVE"]')).toBeVisible({ timeout: 30_000 })
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: /^Settings/ })
    .click()
  const project = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Project' }) })
  const account = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Account' }) })
  await expect(project).toContainText(`Connected to ${first.info.api_url}`)
  await expect(account).toContainText(`Signed in as ${first.info.demo!.email}`)
  await expect(account.getByLabel('Organisation')).toContainText('Northwind Contact Centre')
  await expect(page.locator('.header-org')).toHaveText('Northwind Contact Centre')

  await project.getByLabel('Project URL').fill(second.info.api_url)
  await project.getByLabel('Anon (publishable) key').fill(second.info.anon_key)
  await project.getByRole('button', { name: 'Connect' }).click()
  await project.getByRole('button', { name: 'Yes, connect' }).click()

  // The project changed, and credentials belong to the project they were given for: sign in there.
  await expect(project).toContainText(`Connected to ${second.info.api_url}`, { timeout: 15_000 })
  await expect(account.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 15_000 })
  await expect(page.locator('.header-org')).toHaveCount(0)
  await account.getByLabel('Email').fill(second.info.demo!.email)
  await account.getByLabel('Password').fill(second.info.demo!.password)
  await account.getByRole('button', { name: 'Sign in' }).click()

  await expect(account).toContainText(`Signed in as ${second.info.demo!.email}`, { timeout: 15_000 })
  const org = account.getByLabel('Organisation')
  await expect(org).toHaveValue(secondOrg!.id)
  await expect(org).toContainText('Southwind Sales')
  await expect(page.locator('.header-org')).toHaveText('Southwind Sales')
  await expect(page.locator('.app-header [data-state="LIVE"]')).toBeVisible({ timeout: 30_000 })
  // The same page all along: nothing was reloaded to get here.
  expect(await page.evaluate('performance.getEntriesByType("navigation").length')).toBe(1)
})
