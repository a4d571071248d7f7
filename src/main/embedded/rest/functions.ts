// Functions exposed under /rpc: read from pg_proc (schema `public`, plain functions) and matched to a
// call by argument names, the way PostgREST picks an overload.
import type { BackendContext } from '../context'
import { pgrstError } from './errors'
import { EXPOSED_SCHEMA } from './request'

export interface FnArg {
  name: string
  /** format_type() of the argument: catalog text, safe to place in SQL. */
  type: string
}

export interface FnInfo {
  name: string
  inputs: FnArg[]
  /** The first `required` inputs have no default. */
  required: number
  returnsSet: boolean
  returnsVoid: boolean
  /** Column names when the function returns rows of a composite type; null when it returns scalars. */
  columns: string[] | null
}

interface ProcRow {
  name: string
  retset: boolean
  ret_type: string
  ndefaults: number
  arg_names: string[]
  arg_modes: string[]
  arg_types: string[]
  rel_columns: string[]
}

const PROC_SQL = `
  select p.proname::text as name, p.proretset as retset, format_type(p.prorettype, null) as ret_type,
         p.pronargdefaults::int as ndefaults,
         coalesce(p.proargnames, '{}'::text[]) as arg_names,
         coalesce(p.proargmodes::text[], '{}'::text[]) as arg_modes,
         array(select format_type(u.x, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]))
                 with ordinality u(x, o) order by u.o) as arg_types,
         array(select a.attname::text from pg_attribute a
                where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped order by a.attnum) as rel_columns
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type t on t.oid = p.prorettype
   where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'
   order by p.oid`

function toInfo(row: ProcRow): FnInfo {
  const inputs: FnArg[] = []
  const outputs: string[] = []
  row.arg_types.forEach((type, i) => {
    const mode = row.arg_modes[i] ?? 'i'
    const name = row.arg_names[i] ?? ''
    if (mode === 'i' || mode === 'b' || mode === 'v') inputs.push({ name, type })
    if (mode === 'o' || mode === 'b' || mode === 't') outputs.push(name)
  })
  const columns = row.rel_columns.length > 0 ? row.rel_columns : outputs.length > 0 ? outputs : null
  return {
    name: row.name,
    inputs,
    required: inputs.length - row.ndefaults,
    returnsSet: row.retset,
    returnsVoid: row.ret_type === 'void',
    columns,
  }
}

export async function loadFunctions(ctx: BackendContext, name: string): Promise<FnInfo[]> {
  const { rows } = await ctx.db.query<ProcRow>(PROC_SQL, [EXPOSED_SCHEMA, name])
  return rows.map(toInfo)
}

export interface Choice {
  fn: FnInfo
  /** The named inputs this call passes; empty with `wholeBody`. */
  args: FnArg[]
  /** A function of one unnamed json/jsonb parameter receives the whole body. */
  wholeBody: boolean
}

/**
 * The overload whose argument names fit `keys`. For POST every key must be an argument; for GET keys
 * that are not arguments are filters on the result, so only the required arguments must be present.
 */
export function chooseFunction(fns: FnInfo[], keys: string[], strict: boolean): Choice | null {
  let best: Choice | null = null
  for (const fn of fns) {
    const names = new Set(fn.inputs.map((a) => a.name))
    if (fn.inputs.some((a) => a.name === '')) continue
    if (!fn.inputs.slice(0, fn.required).every((a) => keys.includes(a.name))) continue
    if (strict && !keys.every((k) => names.has(k))) continue
    const args = fn.inputs.filter((a) => keys.includes(a.name))
    if (!best || args.length > best.args.length) best = { fn, args, wholeBody: false }
  }
  if (best || !strict) return best
  const single = fns.find(
    (f) => f.inputs.length === 1 && f.inputs[0]!.name === '' && /^jsonb?$/.test(f.inputs[0]!.type),
  )
  return single ? { fn: single, args: [], wholeBody: true } : null
}

export function unknownFunction(name: string, keys: string[]): Error {
  const sorted = [...keys].sort()
  const qualified = `${EXPOSED_SCHEMA}.${name}`
  const searched = sorted.length > 0 ? `with parameters ${sorted.join(', ')}` : 'without parameters'
  return pgrstError(
    404,
    'PGRST202',
    `Could not find the function ${qualified}(${sorted.join(', ')}) in the schema cache`,
    `Searched for the function ${qualified} ${searched} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
  )
}
