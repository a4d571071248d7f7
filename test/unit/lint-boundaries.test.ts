// The process boundaries of STYLE.md are enforced by lint, so a wrong import fails `npm test`. These cases
// prove each rule fires where it must and stays quiet where the import belongs.
import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

const eslint = new ESLint({ cwd: process.cwd() })

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe('import boundaries', () => {
  it.each([
    ['src/renderer/src/x.ts', "import { readFile } from 'node:fs'\nvoid readFile\n", /Node built-ins/],
    ['src/shared/x.ts', "import { app } from 'electron'\nvoid app\n", /Only src\/main\/electron/],
    ['src/main/core/live/x.ts', "import { app } from 'electron'\nvoid app\n", /Only src\/main\/electron/],
    [
      'src/main/core/live/x.ts',
      "import { createClient } from '@supabase/supabase-js'\nvoid createClient\n",
      /Only src\/main\/core\/feed/,
    ],
    [
      'src/main/server/x.ts',
      "import { createClient } from '@supabase/supabase-js'\nvoid createClient\n",
      /Only src\/main\/core\/feed/,
    ],
    ['src/renderer/src/x.ts', "import WebSocket from 'ws'\nvoid WebSocket\n", /No sockets here/],
    [
      'src/main/server/x.ts',
      "import { ipcMain } from 'electron'\nvoid ipcMain\n",
      /Only src\/main\/electron/,
    ],
    [
      'src/main/electron/windows.ts',
      "import { ipcMain } from 'electron'\nvoid ipcMain\n",
      /typed handle\/emit helpers/,
    ],
  ])('%s: %s is refused', async (file, code, expected) => {
    expect((await messages(file, code)).join('\n')).toMatch(expected)
  })

  it.each([
    ['src/main/core/feed/x.ts', "import { createClient } from '@supabase/supabase-js'\nvoid createClient\n"],
    ['src/main/electron/ipc.ts', "import { ipcMain } from 'electron'\nvoid ipcMain\n"],
    ['src/preload/index.ts', "import { ipcRenderer } from 'electron'\nvoid ipcRenderer\n"],
    ['src/main/server/x.ts', "import { readFile } from 'node:fs'\nvoid readFile\n"],
  ])('%s may import what it needs', async (file, code) => {
    expect(await messages(file, code)).toEqual([])
  })
})
