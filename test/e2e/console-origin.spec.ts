// A hostile web page in a real Chromium against the real headless console (no token, as `npm start` runs
// it): a page served from another loopback port cannot open the bridge or read the API, and a DNS-rebinding
// page (a name the attacker controls, resolved to 127.0.0.1) is refused outright. The console's own page
// keeps working, which console-boot.spec.ts shows.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, expect, test, type Page } from '@playwright/test'
import { startConsole, type RunningConsole } from '../helpers/console'

let app: RunningConsole
let attacker: Server
let attackerUrl: string

const PAGE = '<!doctype html><title>Totally harmless page</title><p>Nothing to see here.</p>'

test.beforeAll(async () => {
  app = await startConsole()
  attacker = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE))
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`
})
test.afterAll(async () => {
  await app?.stop()
  await new Promise((resolve) => attacker?.close(resolve))
})

/** What the page gets when it tries the bridge: 'opened' (and any reply to a call), or 'refused'. */
function tryBridge(page: Page, url: string): Promise<string> {
  return page.evaluate(
    (bridgeUrl) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(bridgeUrl)
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, key: 'app:info', payload: null }))
        ws.onmessage = (e) => {
          if (String(e.data).includes('"id":1')) resolve(`opened: ${String(e.data)}`)
        }
        ws.onclose = () => resolve('refused')
        setTimeout(() => resolve('no answer'), 5000)
      }),
    url,
  )
}

/**
 * The status Chromium received for a request the page made. The page itself cannot read it (CORS, or an
 * opaque no-cors response), so it is taken from the DevTools protocol, as the browser's network layer saw it.
 */
async function statusOfFetch(page: Page, url: string, mode: 'cors' | 'no-cors'): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  // The extra-info event may come before or after requestWillBeSent (Chromium does not order them), so
  // both are kept until they meet; a request that never gets an answer fails after 15 s, saying so.
  const ids = new Set<string>()
  const codes = new Map<string, number>()
  let settle: (code: number) => void = () => {}
  const status = new Promise<number>((resolve, reject) => {
    settle = resolve
    setTimeout(() => reject(new Error(`no response seen for ${url} within 15 s`)), 15_000)
  })
  const meet = (id: string) => {
    const code = codes.get(id)
    if (ids.has(id) && code !== undefined) settle(code)
  }
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url !== url) return
    ids.add(e.requestId)
    meet(e.requestId)
  })
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    codes.set(e.requestId, e.statusCode)
    meet(e.requestId)
  })
  await page.evaluate(([u, m]) => fetch(u!, { mode: m as 'cors' | 'no-cors' }).catch(() => null), [url, mode])
  const seen = await status
  await cdp.detach()
  return seen
}

test('a page on another origin can neither open the bridge nor read the API', async ({ page }) => {
  await page.goto(attackerUrl)
  const consoleUrl = new URL(app.url)
  expect(await tryBridge(page, `ws://${consoleUrl.host}/bridge`)).toBe('refused')
  expect(await statusOfFetch(page, `${consoleUrl.origin}/api/health`, 'cors')).toBe(403)
  expect(await statusOfFetch(page, `${consoleUrl.origin}/api/health`, 'no-cors')).toBe(403)
  expect(await statusOfFetch(page, `${consoleUrl.origin}/api/stream`, 'no-cors')).toBe(403)
})

test('a DNS-rebinding page, same-origin under its own name, is refused', async () => {
  // The attacker's name resolves to this machine, as a rebinding DNS server would make it.
  const browser = await chromium.launch({
    executablePath: process.env.FLOORWATCH_CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP rebind.attacker.test 127.0.0.1'],
  })
  try {
    const page = await browser.newPage()
    const port = new URL(app.url).port
    const origin = `http://rebind.attacker.test:${port}`
    const shell = await page.goto(`${origin}/`)
    expect(shell?.status()).toBe(403)
    const health = await page.goto(`${origin}/api/health`)
    expect(health?.status()).toBe(403)
    expect(await page.textContent('body')).toContain('does not answer to the host name')
    expect(await tryBridge(page, `ws://rebind.attacker.test:${port}/bridge`)).toBe('refused')
  } finally {
    await browser.close()
  }
})
