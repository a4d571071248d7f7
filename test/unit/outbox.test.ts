// The outbox: stored before it is sent, replayed in order, exactly once across a crash, conflicts and
// refusals dropped with a notice (never looped), transient failures kept, and a full disk refused loudly.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { memoryFolder, type JsonStore } from '../../src/main/core/offline/durable'
import { Outbox, type Identity, type OutboxSender } from '../../src/main/core/offline/outbox'
import type { AlertActionRequest } from '../../src/shared/contract'

const me: Identity = { project: 'https://p.example', userId: 'u1', orgId: 'o1' }
const act = (kind: AlertActionRequest['kind'], alertId = randomUUID()): AlertActionRequest => ({
  alertId,
  kind,
  clientEventId: randomUUID(),
})

/** A server: applies each client_event_id once, answers the alert's status after the action. */
class FakeServer implements OutboxSender {
  readonly applied_ = new Map<string, AlertActionRequest>()
  readonly order: string[] = []
  status: (a: AlertActionRequest) => string = (a) =>
    ({ ack: 'acknowledged', snooze: 'snoozed', resolve: 'resolved', reopen: 'open', note: 'open' })[a.kind]
  fail: ((a: AlertActionRequest) => unknown) | null = null
  async send(a: AlertActionRequest) {
    const err = this.fail?.(a)
    if (err) throw err
    if (!this.applied_.has(a.clientEventId)) {
      this.applied_.set(a.clientEventId, a)
      this.order.push(a.clientEventId)
    }
    return { status: this.status(a) }
  }
  async applied(id: string) {
    return this.applied_.has(id)
  }
}

function setup(store: JsonStore = memoryFolder().open('outbox')) {
  const notices: string[] = []
  const box = new Outbox(store, new ManualClock(), {
    notice: (_l, m) => notices.push(m),
    onChange: () => {},
  })
  return { box, store, notices }
}

const httpError = (status: number, message: string, code = 'P0001') =>
  Object.assign(new Error(message), { detail: { status, message, code } })

describe('outbox', () => {
  it('keeps an action on disk before anything is sent, for the next run to find', () => {
    const folder = memoryFolder()
    const { box } = setup(folder.open('outbox'))
    const a = act('ack')
    box.add(a, me)
    const again = setup(folder.open('outbox')).box
    expect(again.pending(me).map((p) => p.clientEventId)).toEqual([a.clientEventId])
    expect(again.pending({ ...me, orgId: 'o2' })).toEqual([])
  })

  it('replays in the order the actions were made, and only those of the identity draining', async () => {
    const { box } = setup()
    const mine = [act('ack'), act('note'), act('resolve')]
    const theirs = act('ack')
    box.add(mine[0]!, me)
    box.add(theirs, { ...me, userId: 'u2' })
    box.add(mine[1]!, me)
    box.add(mine[2]!, me)
    const server = new FakeServer()
    const outcomes = await box.drain(me, server)
    expect(server.order).toEqual(mine.map((a) => a.clientEventId))
    expect([...outcomes.values()].map((o) => o.kind)).toEqual(['sent', 'sent', 'sent'])
    expect(box.pending().map((p) => p.clientEventId)).toEqual([theirs.clientEventId])
  })

  it('applies an action exactly once when the app died after sending it', async () => {
    const folder = memoryFolder()
    const server = new FakeServer()
    const first = setup(folder.open('outbox')).box
    const a = act('ack')
    first.add(a, me)
    // The first run sends, the server applies, and the app is killed before the answer is recorded.
    const killed: OutboxSender = {
      applied: (id) => server.applied(id),
      send: async (x) => {
        await server.send(x)
        return new Promise(() => {})
      },
    }
    void first.drain(me, killed)
    await new Promise((r) => setTimeout(r, 0))
    expect(server.applied_.size).toBe(1)
    let sends = 0
    const counting: OutboxSender = {
      applied: (id) => server.applied(id),
      send: (x) => (sends++, server.send(x)),
    }
    const outcomes = await setup(folder.open('outbox')).box.drain(me, counting)
    expect(outcomes.get(a.clientEventId)).toEqual({ kind: 'sent' })
    expect(sends).toBe(0)
    expect(setup(folder.open('outbox')).box.size).toBe(0)
  })

  it('drops an action overtaken by someone else, with a notice, and does not retry it', async () => {
    const { box, notices } = setup()
    const a = act('ack')
    box.add(a, me)
    const server = new FakeServer()
    server.status = () => 'resolved'
    const outcomes = await box.drain(me, server)
    expect(outcomes.get(a.clientEventId)).toMatchObject({ kind: 'dropped', code: 'conflict' })
    expect(notices).toEqual([
      'Your acknowledgement of an alert was not applied: The alert is resolved now (changed by someone else meanwhile).',
    ])
    expect(box.size).toBe(0)
    expect((await box.drain(me, server)).size).toBe(0)
  })

  it('drops a refused action with the server reason, and goes on with the next', async () => {
    const { box, notices } = setup()
    const refused = act('snooze')
    const next = act('ack')
    box.add(refused, me)
    box.add(next, me)
    const server = new FakeServer()
    server.fail = (a) => (a === refused ? httpError(400, 'snooze needs a time in the future') : null)
    const outcomes = await box.drain(me, server)
    expect(outcomes.get(refused.clientEventId)).toMatchObject({ kind: 'dropped' })
    expect(notices[0]).toMatch(/^Your snooze of an alert was refused: .*snooze needs a time in the future/)
    expect(server.order).toEqual([next.clientEventId])
  })

  it('keeps every action while the server cannot be reached, and stops at the first', async () => {
    const { box, notices } = setup()
    const a = act('ack')
    const b = act('note')
    box.add(a, me)
    box.add(b, me)
    const server = new FakeServer()
    let calls = 0
    server.fail = () => (calls++, new TypeError('fetch failed'))
    const outcomes = await box.drain(me, server)
    expect(outcomes.get(a.clientEventId)).toMatchObject({ kind: 'kept' })
    expect(outcomes.has(b.clientEventId)).toBe(false)
    expect(calls).toBe(1)
    expect(box.size).toBe(2)
    expect(notices).toEqual([])
    server.fail = null
    await box.drain(me, server)
    expect(server.order).toEqual([a.clientEventId, b.clientEventId])
  })

  it('gives a waiting caller its refusal instead of a notice', async () => {
    const { box, notices } = setup()
    const a = act('resolve')
    box.add(a, me, true)
    const server = new FakeServer()
    server.fail = () => httpError(403, 'not a member of this organisation', '42501')
    await box.drain(me, server)
    expect(box.release(a.clientEventId)).toMatchObject({ kind: 'dropped' })
    expect(notices).toEqual([])
    expect(box.release(a.clientEventId)).toBeNull()
  })

  it('refuses an action it cannot store (a full disk) and queues nothing', () => {
    const store: JsonStore = {
      path: '/full/outbox.json',
      get store() {
        return {}
      },
      set store(_v) {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
      },
    }
    const { box } = setup(store)
    expect(() => box.add(act('ack'), me)).toThrow(
      'Disk full: the action could not be stored, so it was not sent.',
    )
    expect(box.size).toBe(0)
  })
})
