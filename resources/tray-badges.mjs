// Renders the tray icons with an unread count drawn on them (tray-1.png … tray-9.png, tray-9plus.png, each
// with its @2x twin) from tray.png / tray@2x.png, in headless Chromium. Windows and Linux trays show no
// title, so the count must be in the image; pre-rendering keeps image code out of the app. The PNGs are
// committed: run this again (`node resources/tray-badges.mjs`) only when the icon or the badge changes.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { findBrowser, HOW_TO_GET_ONE } from '../scripts/find-browser.mjs'

const DIR = import.meta.dirname
const LABELS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9+']
const SIZE = 16

// At 16 px a font's digits blur into the disc, so the 1x badges use a 3×5 pixel font, drawn on whole pixels.
const GLYPHS = {
  1: ['.#.', '##.', '.#.', '.#.', '###'],
  2: ['##.', '..#', '.#.', '#..', '###'],
  3: ['##.', '..#', '.#.', '..#', '##.'],
  4: ['#.#', '#.#', '###', '..#', '..#'],
  5: ['###', '#..', '##.', '..#', '##.'],
  6: ['.##', '#..', '###', '#.#', '###'],
  7: ['###', '..#', '.#.', '.#.', '.#.'],
  8: ['###', '#.#', '###', '#.#', '###'],
  9: ['###', '#.#', '###', '..#', '##.'],
  '+': ['...', '.#.', '###', '.#.', '...'],
}

function pixelText(label, x0, y0) {
  return [...label]
    .flatMap((ch, i) =>
      GLYPHS[ch].flatMap((row, y) =>
        [...row].map((on, x) =>
          on === '#' ? `<rect x="${x0 + i * 4 + x}" y="${y0 + y}" width="1" height="1" />` : '',
        ),
      ),
    )
    .join('')
}

/** 16 px: a red disc (a pill for "9+") over the top-right corner, ringed in the icon's dark, pixel digits. */
function smallBadge(label) {
  const wide = label.length > 1
  const shape = (grow) =>
    wide
      ? `<rect x="${5 - grow}" y="${-grow}" width="${11 + 2 * grow}" height="${9 + 2 * grow}" rx="${4.5 + grow}" />`
      : `<circle cx="11.5" cy="4.5" r="${4.5 + grow}" />`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="100%" height="100%">
    <g fill="#0f1419">${shape(1)}</g><g fill="#e5484d">${shape(0)}</g>
    <g fill="#fff" shape-rendering="crispEdges">${pixelText(label, wide ? 7 : 10, 2)}</g>
  </svg>`
}

/** 32 px: the same badge, with room for a real bold font. */
function largeBadge(label) {
  const wide = label.length > 1
  const shape = wide
    ? '<rect x="7" y="0.75" width="24.25" height="19" rx="9.5" />'
    : '<circle cx="21.5" cy="10.25" r="9.5" />'
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="100%" height="100%">
    <g fill="#e5484d" stroke="#0f1419" stroke-width="1.5">${shape}</g>
    <text x="${wide ? 19.1 : 21.5}" y="16.1" text-anchor="middle" fill="#fff"
      font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-weight="700"
      font-size="${wide ? 14 : 15.5}" letter-spacing="${wide ? -0.6 : 0}">${label}</text>
  </svg>`
}

function page(base, label, px) {
  const img = `data:image/png;base64,${readFileSync(join(DIR, base)).toString('base64')}`
  return `<!doctype html><html><body style="margin:0;background:transparent">
    <div style="position:relative;width:${px}px;height:${px}px">
      <img src="${img}" style="position:absolute;inset:0;width:100%;height:100%" />
      <div style="position:absolute;inset:0">${px > SIZE ? largeBadge(label) : smallBadge(label)}</div>
    </div></body></html>`
}

const executablePath = findBrowser()
if (!executablePath) throw new Error(HOW_TO_GET_ONE)
const browser = await chromium.launch({ executablePath })
try {
  for (const [suffix, scale] of [
    ['', 1],
    ['@2x', 2],
  ]) {
    const px = SIZE * scale
    const view = await browser.newPage({ viewport: { width: px, height: px } })
    for (const label of LABELS) {
      await view.setContent(page(`tray${suffix}.png`, label, px))
      const name = `tray-${label.replace('+', 'plus')}${suffix}.png`
      writeFileSync(join(DIR, name), await view.screenshot({ omitBackground: true }))
      console.log(`wrote resources/${name}`)
    }
    await view.close()
  }
} finally {
  await browser.close()
}
