// `npm start`: the Electron console on the embedded backend; where the Electron binary cannot be had,
// one clear line says so and the headless console starts instead.
import { existsSync, readFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const run = (cmd, args) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return null
  const bin = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : null
}

const passThrough = process.argv.slice(2)
if (electronBinary() && !passThrough.includes('--headless')) {
  run(process.execPath, [
    join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
    'preview',
    '--',
    ...passThrough,
  ])
} else {
  if (!passThrough.includes('--headless')) {
    console.log(
      'Electron binary not available (it downloads from GitHub, which this machine cannot reach): starting the headless console instead.',
    )
  }
  run(process.execPath, [
    '--import',
    'tsx',
    join(root, 'src', 'main', 'server', 'cli.ts'),
    ...passThrough.filter((a) => a !== '--headless'),
  ])
}
