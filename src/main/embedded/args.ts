// Command-line flags shared by `npm run backend` and `npm run serve`: `--name value` or `--name=value`.
export type Flags = Record<string, string | true>

export function parseFlags(argv: string[]): Flags {
  const flags: Flags = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}" (flags look like --name value).`)
    const eq = arg.indexOf('=')
    if (eq > 0) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1)
    } else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) {
      flags[arg.slice(2)] = argv[++i]!
    } else {
      flags[arg.slice(2)] = true
    }
  }
  return flags
}

export function intFlag(
  flags: Flags,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = flags[name]
  if (v === undefined) return fallback
  const n = typeof v === 'string' ? Number(v) : NaN
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new Error(
      `--${name} must be a number from ${min} to ${max} (got ${v === true ? 'nothing' : `"${v}"`}).`,
    )
  }
  return n
}

export function stringFlag(flags: Flags, name: string): string | undefined {
  const v = flags[name]
  if (v === true) throw new Error(`--${name} needs a value.`)
  return v
}
