// An admin's change to an alert rule, through the same supabase-js client as the signed-in user: RLS lets
// admins of the rule's org update it (alert_rules_admin) and nobody else, and the table's checks refuse a
// value out of range. PostgREST answers an update RLS filtered out with no rows, not an error: that is
// "not allowed, or gone", said as such.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { RuleUpdateRequest } from '../../../shared/contract'
import type { AlertRule } from '../../../shared/domain/rows'
import { FeedRestError } from './rest'

const COLUMNS: Record<Exclude<keyof RuleUpdateRequest, 'ruleId'>, keyof AlertRule> = {
  threshold: 'threshold',
  raiseAfterSeconds: 'raise_after_seconds',
  clearAfterSeconds: 'clear_after_seconds',
  escalateAfterMinutes: 'escalate_after_minutes',
  severity: 'severity',
  enabled: 'enabled',
}

/** The row patch for a request: only the fields it gives. */
export function rulePatch(input: RuleUpdateRequest): Partial<AlertRule> {
  const patch: Record<string, unknown> = {}
  for (const [field, column] of Object.entries(COLUMNS)) {
    const value = input[field as keyof typeof COLUMNS]
    if (value !== undefined) patch[column] = value
  }
  return patch as Partial<AlertRule>
}

export async function updateAlertRule(db: SupabaseClient, input: RuleUpdateRequest): Promise<AlertRule> {
  const { data, error, status } = await db
    .from('alert_rules')
    .update(rulePatch(input))
    .eq('id', input.ruleId)
    .select()
  if (error) throw new FeedRestError({ code: error.code || 'network', message: error.message, status })
  const row = (data as AlertRule[] | null)?.[0]
  if (!row) {
    throw new FeedRestError({
      code: 'PT404',
      message: 'Only admins of its organisation may change this rule, or it no longer exists.',
      status: 404,
    })
  }
  return row
}
