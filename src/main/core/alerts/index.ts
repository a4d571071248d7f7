export { AlertPolicy, MUTE_15_MIN, MUTE_1_HOUR } from './policy'
export type { AlertNotice, AlertPolicyOptions, AlertPolicyState, NoticeReason } from './policy'
export { presentationFor, severityRank } from './presentation'
export type { Presentation, Urgency } from './presentation'
