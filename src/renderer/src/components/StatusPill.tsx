// A status shown as icon + word + colour, never colour alone.
import type {
  AgentStatus,
  AlertStatus,
  CallStatus,
  CampaignStatus,
  MonitorStatus,
  Severity,
} from '../../../shared/domain/rows'

type Kind = 'call' | 'agent' | 'monitor' | 'alert' | 'severity' | 'campaign'
type Status = CallStatus | AgentStatus | MonitorStatus | AlertStatus | Severity | CampaignStatus

const LOOK: Record<string, { icon: string; tone: string }> = {
  'call:queued': { icon: '◔', tone: 'warning' },
  'call:ringing': { icon: '☎', tone: 'info' },
  'call:active': { icon: '●', tone: 'good' },
  'call:on_hold': { icon: '‖', tone: 'warning' },
  'call:wrap_up': { icon: '✎', tone: 'info' },
  'call:completed': { icon: '✓', tone: 'muted' },
  'call:abandoned': { icon: '✕', tone: 'critical' },
  'call:failed': { icon: '!', tone: 'critical' },
  'agent:available': { icon: '○', tone: 'good' },
  'agent:on_call': { icon: '●', tone: 'info' },
  'agent:wrap_up': { icon: '✎', tone: 'info' },
  'agent:break': { icon: '◐', tone: 'warning' },
  'agent:offline': { icon: '–', tone: 'muted' },
  'monitor:up': { icon: '▲', tone: 'good' },
  'monitor:down': { icon: '▼', tone: 'critical' },
  'monitor:degraded': { icon: '◆', tone: 'warning' },
  'monitor:pending': { icon: '…', tone: 'muted' },
  'monitor:paused': { icon: '‖', tone: 'muted' },
  'alert:open': { icon: '!', tone: 'critical' },
  'alert:acknowledged': { icon: '✓', tone: 'info' },
  'alert:snoozed': { icon: '☾', tone: 'muted' },
  'alert:resolved': { icon: '✔', tone: 'good' },
  'campaign:draft': { icon: '✎', tone: 'muted' },
  'campaign:active': { icon: '▶', tone: 'good' },
  'campaign:paused': { icon: '‖', tone: 'warning' },
  'campaign:completed': { icon: '✓', tone: 'muted' },
  'severity:info': { icon: 'i', tone: 'info' },
  'severity:warning': { icon: '▲', tone: 'warning' },
  'severity:critical': { icon: '⬣', tone: 'critical' },
}

export function StatusPill({ kind, status }: { kind: Kind; status: Status }) {
  const look = LOOK[`${kind}:${status}`] ?? { icon: '•', tone: 'muted' }
  return (
    <span className={`pill pill-${look.tone}`} data-status={status}>
      <span aria-hidden="true">{look.icon} </span>
      {status.replace('_', ' ')}
    </span>
  )
}
