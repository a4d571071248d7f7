// Settings → Alert rules, for admins of the open organisation: threshold, hysteresis durations, severity,
// escalation and on/off per rule. A change is checked here with the contract's own schema (the same one
// main checks again), saved through main as the signed-in user (RLS lets only admins write), and applied
// by the evaluator on its next run; every console sees the new row live.
import { useMemo, useState } from 'react'
import { parseRequest, type RuleUpdateRequest } from '../../../../shared/contract'
import type { AlertRule, AlertRuleKind, Severity } from '../../../../shared/domain/rows'
import { useActions } from '../../actions-context'
import { ErrorMessage } from '../../components/StateMessage'
import { useFw } from '../../store/react'

const UNIT: Record<AlertRuleKind, string> = {
  queue_wait: 'seconds waited',
  service_level: '% answered within target today (alert below)',
  abandon_rate: '% abandoned today',
  monitor_down: 'failed or missed checks in a row',
  agent_idle: 'seconds available without a call',
  queue_depth: 'calls waiting',
  agent_break: 'seconds on a break',
  monitor_ping: 'ms ping',
}

interface Draft {
  enabled: boolean
  severity: Severity
  threshold: string
  raiseAfterSeconds: string
  clearAfterSeconds: string
  escalateAfterMinutes: string
}

const draftOf = (r: AlertRule): Draft => ({
  enabled: r.enabled,
  severity: r.severity,
  threshold: String(r.threshold),
  raiseAfterSeconds: String(r.raise_after_seconds),
  clearAfterSeconds: String(r.clear_after_seconds),
  escalateAfterMinutes: r.escalate_after_minutes === null ? '' : String(r.escalate_after_minutes),
})

/** The request for what differs from the rule; numbers as typed (the schema says what is wrong). */
function changes(rule: AlertRule, d: Draft): Record<string, unknown> {
  const base = draftOf(rule)
  const out: Record<string, unknown> = { ruleId: rule.id }
  const num = (s: string) => (s.trim() === '' ? NaN : Number(s))
  if (d.enabled !== base.enabled) out.enabled = d.enabled
  if (d.severity !== base.severity) out.severity = d.severity
  if (d.threshold !== base.threshold) out.threshold = num(d.threshold)
  if (d.raiseAfterSeconds !== base.raiseAfterSeconds) out.raiseAfterSeconds = num(d.raiseAfterSeconds)
  if (d.clearAfterSeconds !== base.clearAfterSeconds) out.clearAfterSeconds = num(d.clearAfterSeconds)
  if (d.escalateAfterMinutes !== base.escalateAfterMinutes)
    out.escalateAfterMinutes = d.escalateAfterMinutes.trim() === '' ? null : num(d.escalateAfterMinutes)
  return out
}

function RuleForm({ rule }: { rule: AlertRule }) {
  const actions = useActions()
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule))
  const [error, setError] = useState<string | null>(null)
  const set = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }))
  const request = changes(rule, draft)
  const dirty = Object.keys(request).length > 1
  const submit = async () => {
    const parsed = parseRequest('rules:update', request)
    if (!parsed.ok) return setError(parsed.error)
    setError(null)
    await actions.updateRule(parsed.value as RuleUpdateRequest)
  }
  const field = (label: string, key: keyof Draft, hint: string) => (
    <label className="field">
      {label}
      <input
        inputMode="decimal"
        value={draft[key] as string}
        aria-describedby={`${rule.id}-${key}`}
        onChange={(e) => set({ [key]: e.target.value })}
      />
      <span className="muted" id={`${rule.id}-${key}`}>
        {hint}
      </span>
    </label>
  )
  return (
    <form
      className="form rule-form"
      aria-label={rule.name}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h4>{rule.name}</h4>
      <label className="radio">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        Enabled
      </label>
      <label className="field">
        Severity
        <select value={draft.severity} onChange={(e) => set({ severity: e.target.value as Severity })}>
          <option value="info">Info</option>
          <option value="warning">Warning</option>
          <option value="critical">Critical</option>
        </select>
      </label>
      {field('Threshold', 'threshold', UNIT[rule.kind])}
      {field('Raise after (s)', 'raiseAfterSeconds', 'the condition holds this long first')}
      {field('Clear after (s)', 'clearAfterSeconds', 'the condition is gone this long first')}
      {field('Escalate after (min)', 'escalateAfterMinutes', 'critical, unacknowledged; empty = never')}
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <button type="submit" className="primary" disabled={!dirty}>
        Save
      </button>
    </form>
  )
}

export function AlertRules() {
  const session = useFw((s) => s.ui.session)
  const readOnly = useFw((s) => s.ui.info?.readOnly ?? true)
  const table = useFw((s) => s.floor.tables.alert_rules)
  const rules = useMemo(() => [...table.values()].sort((a, b) => a.name.localeCompare(b.name)), [table])
  const role = session?.orgs.find((o) => o.id === session.orgId)?.role
  if (readOnly || role !== 'admin') return null
  return (
    <article className="card card-wide" aria-labelledby="alert-rules-title">
      <h3 id="alert-rules-title">Alert rules</h3>
      <p className="muted">
        Evaluated in the database on a schedule; a change applies from its next run, on every console.
      </p>
      {rules.length === 0 ? (
        <p className="muted">No alert rules in this organisation.</p>
      ) : (
        // A rule changed elsewhere remounts its form with the new values (key includes seq).
        rules.map((r) => <RuleForm key={`${r.id}:${r.seq}`} rule={r} />)
      )}
    </article>
  )
}
