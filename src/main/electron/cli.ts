// The desktop app's own command-line flags. Electron and Chromium put their switches (and Playwright its
// debugging ones) on the same command line, so anything unknown is ignored rather than refused, and a bad
// value is reported and dropped rather than stopping the app.
import { isAbsolute } from 'node:path'

export interface CliFlags {
  /** Full screen, no chrome, no way out but quit: for wall displays. */
  kiosk: boolean
  /** Which display the window opens on: a 1-based position (left to right) or an Electron display id. */
  display: number | null
  /** A separate user-data folder (settings, session, logs, lock), so two consoles run side by side. */
  profile: string | null
  /** No window: the core, tray and notifications only. */
  headless: boolean
  /** The wall board the main window shows (a wallboard_profiles name or id): board mode, kept across reloads. */
  board: string | null
  /** Problems with the flags given, for the log and a notice. */
  problems: string[]
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

function valueOf(argv: readonly string[], i: number, name: string): { value: string | null; skip: number } {
  const arg = argv[i]!
  if (arg.startsWith(`--${name}=`)) return { value: arg.slice(name.length + 3), skip: 0 }
  const next = argv[i + 1]
  return next !== undefined && !next.startsWith('-') ? { value: next, skip: 1 } : { value: null, skip: 0 }
}

function parseDisplay(value: string | null, problems: string[]): number | null {
  const n = value === null ? NaN : Number(value)
  if (Number.isInteger(n) && n >= 1) return n
  problems.push(`--display needs a display number (1, 2, …) or id; got ${value ?? 'nothing'}`)
  return null
}

function parseBoard(value: string | null, problems: string[]): string | null {
  const name = value?.trim() ?? ''
  // A name as an admin typed it: any printable text, bounded; never a control character in the URL.
  const control = [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  if (name.length > 0 && name.length <= 200 && !control) return name
  problems.push(`--board needs a wall board's name or id (wallboard_profiles); got ${value ?? 'nothing'}`)
  return null
}

function parseProfile(value: string | null, problems: string[]): string | null {
  if (value && (PROFILE_NAME.test(value) || isAbsolute(value))) return value
  problems.push(
    `--profile needs a name of letters, digits, '.', '_' or '-' (or an absolute folder); got ${value ?? 'nothing'}`,
  )
  return null
}

export function parseCliFlags(argv: readonly string[]): CliFlags {
  const flags: CliFlags = {
    kiosk: false,
    display: null,
    profile: null,
    headless: false,
    board: null,
    problems: [],
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--kiosk') flags.kiosk = true
    else if (arg === '--headless') flags.headless = true
    else if (arg === '--display' || arg.startsWith('--display=')) {
      const { value, skip } = valueOf(argv, i, 'display')
      flags.display = parseDisplay(value, flags.problems)
      i += skip
    } else if (arg === '--board' || arg.startsWith('--board=')) {
      const { value, skip } = valueOf(argv, i, 'board')
      flags.board = parseBoard(value, flags.problems)
      i += skip
    } else if (arg === '--profile' || arg.startsWith('--profile=')) {
      const { value, skip } = valueOf(argv, i, 'profile')
      flags.profile = parseProfile(value, flags.problems)
      i += skip
    }
  }
  return flags
}
