// A session wired to the in-memory feed and a manual clock: the unit tests stage the wire and the time.
import { ManualClock } from '../../../src/main/core/clock.testing'
import { HealthMetrics } from '../../../src/main/core/health'
import { LiveState } from '../../../src/main/core/live'
import { FakeFeed, settle } from '../../../src/main/core/session/feed.testing'
import { Session, type SessionOptions } from '../../../src/main/core/session/session'
import { SkewEstimator } from '../../../src/shared/domain/server-time'

export function fakeSession(overrides: Partial<SessionOptions> = {}) {
  const clock = new ManualClock()
  const live = new LiveState()
  const feed = new FakeFeed()
  const logs: string[] = []
  const session = new Session({
    createFeed: feed.bind,
    live,
    clock,
    random: () => 0.5,
    log: {
      info: (m) => logs.push(m),
      warn: (m) => logs.push(`warn ${m}`),
      error: (m) => logs.push(`error ${m}`),
    },
    config: {},
    presence: { kind: 'console' },
    catchUp: { pageSize: 1000, overlapSeq: 0, concurrency: 1 },
    metrics: new HealthMetrics(clock),
    skew: new SkewEstimator(),
    onAuthenticated: () => {},
    onPresence: () => {},
    onAnnouncement: () => {},
    onChange: () => {},
    ...overrides,
  })
  /** Starts the session and lets it sign in; the channel is then being opened. */
  const start = async () => {
    session.start()
    await settle()
  }
  /** Socket open, channel joined, change subscription confirmed: the session asks for a catch-up. */
  const join = async () => {
    feed.emit({ type: 'socket-open' }, { type: 'channel', status: 'SUBSCRIBED' })
    feed.emit({ type: 'system', ok: true, message: 'Subscribed to PostgreSQL' })
    await settle()
  }
  return { clock, live, feed, logs, session, start, join }
}

export { settle }
