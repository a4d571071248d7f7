// Row-level security for a row that is no longer in its table. A DELETE (or an error record, whose row
// cannot be looked up by primary key) can only be judged from its image, so the image is run through the
// table's SELECT policies as the subscriber would be: the same `USING` expressions Postgres would apply,
// evaluated as the subscriber's role with its claims, permissive policies OR-ed, restrictive ones AND-ed,
// no permissive policy = nothing visible, and no SELECT privilege = nothing visible. The hosted server
// delivers every DELETE without this check (docs/embedded-backend.md says why we do not).
import type { Transaction } from '../db/database'
import type { TableMeta } from './catalog'

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`

interface Policy {
  permissive: boolean
  qual: string | null
}

/**
 * Indexes into `images` of the rows the current role (the transaction runs as the subscriber) could SELECT.
 * Runs inside `tx`; a policy that fails to evaluate fails the whole check (the caller withholds the rows).
 */
export async function visibleImages(
  tx: Transaction,
  meta: TableMeta,
  images: Record<string, unknown>[],
): Promise<Set<number>> {
  const rel = `${ident(meta.schema)}.${ident(meta.table)}`
  const priv = await tx.query<{ ok: boolean }>(
    `select has_any_column_privilege($1::regclass, 'SELECT') as ok`,
    [rel],
  )
  if (!priv.rows[0]?.ok) return new Set()
  const policies = await tx.query<Policy>(
    `select p.polpermissive as permissive, pg_get_expr(p.polqual, p.polrelid) as qual
       from pg_catalog.pg_policy p
      where p.polrelid = $1::regclass and p.polcmd in ('r', '*')
        -- The roles a policy applies to, as Postgres's check_role_for_policy: PUBLIC, or one whose privileges we have.
        and (0::oid = any (p.polroles)
             or exists (select 1 from unnest(p.polroles) r where pg_has_role(current_user, r, 'usage')))`,
    [rel],
  )
  const where = policyPredicate(policies.rows)
  if (where === null) return new Set()
  const res = await tx.query<{ i: number }>(
    `select (input.ordinality - 1)::int as i
       from jsonb_array_elements($1::jsonb) with ordinality as input(value, ordinality),
            lateral jsonb_populate_record(null::${rel}, input.value) as ${ident(meta.table)}
      where ${where}`,
    [JSON.stringify(images)],
  )
  return new Set(res.rows.map((r) => Number(r.i)))
}

/** The combined USING predicate, or null when no permissive policy applies (Postgres then shows nothing). */
export function policyPredicate(policies: Policy[]): string | null {
  // A policy without USING adds no qualification of its own, as in Postgres's add_security_quals.
  const permissive = policies.filter((p) => p.permissive && p.qual !== null).map((p) => `(${p.qual})`)
  const restrictive = policies.filter((p) => !p.permissive && p.qual !== null).map((p) => `(${p.qual})`)
  if (permissive.length === 0) return null
  return [`(${permissive.join(' or ')})`, ...restrictive].join(' and ')
}
