// Backoff with full jitter (a random delay in [0, min(cap, base·2^attempt)]), so that a floor of consoles
// does not reconnect in lockstep after an outage. The random source is passed in: the session machine
// draws it from a seeded generator in its state, so its steps stay pure and replayable.

/** Full jitter: uniform in [0, min(cap, base·2^attempt)]. */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30))
  return Math.floor(random() * ceiling)
}

export type WakeReason = 'resume' | 'unlock' | 'network-change' | 'online' | 'backend-restarted'
export type Transport = 'websocket' | 'polling'
