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
 * The function a call means, chosen as PostgREST chooses among overloads: a function whose required arguments
 * are all given and whose optional ones cover the rest; else (POST with a JSON body) the one taking a single
 * unnamed json/jsonb argument. None is PGRST202, more than one PGRST203 — Postgres never gets to pick.
 */
export function chooseFunction(name: string, fns: FnInfo[], keys: string[], post: boolean): Choice {
  const given = new Set(keys)
  const matching = fns.filter((fn) => fitsArguments(fn, given))
  if (matching.length === 1) {
    const fn = matching[0]!
    return { fn, args: fn.inputs.filter((a) => given.has(a.name)), wholeBody: false }
  }
  if (matching.length > 1) throw ambiguous(matching)
  const wholeBody = post
    ? fns.filter(
        (f) => f.inputs.length === 1 && f.inputs[0]!.name === '' && /^jsonb?$/.test(f.inputs[0]!.type),
      )
    : []
  if (wholeBody.length === 1) return { fn: wholeBody[0]!, args: [], wholeBody: true }
  if (wholeBody.length > 1) throw ambiguous(wholeBody)
  throw unknownFunction(name, keys)
}

/** Given keys minus the optional arguments must be exactly the required ones (PostgREST's matchesParams). */
function fitsArguments(fn: FnInfo, given: Set<string>): boolean {
  if (fn.inputs.some((a) => a.name === '')) return false
  const required = new Set(fn.inputs.slice(0, fn.required).map((a) => a.name))
  const optional = new Set(fn.inputs.slice(fn.required).map((a) => a.name))
  const rest = [...given].filter((k) => !optional.has(k))
  return rest.length === required.size && rest.every((k) => required.has(k))
}

function ambiguous(fns: FnInfo[]): Error {
  const list = fns
    .map((f) => `${EXPOSED_SCHEMA}.${f.name}(${f.inputs.map((a) => `${a.name} => ${a.type}`).join(', ')})`)
    .join(', ')
  return pgrstError(
    300,
    'PGRST203',
    `Could not choose the best candidate function between: ${list}`,
    null,
    'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
  )
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
