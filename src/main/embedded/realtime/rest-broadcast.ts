// Broadcast over HTTP: the batch endpoint `send()` falls back to when a channel is not joined, and the
// single-message endpoint behind `httpSend()`. Both answer 202 with no body; private messages need the
// caller's write policy and are otherwise dropped silently, as on the real server.
import { parseJson } from '../http/json'
import { HttpError, requestToken, sendJson, type Ctx, type Router } from '../http/router'
import type { JwtClaims } from '../jwt'
import { topicPolicies } from './authorization'
import { serverTopic, type Hub, type Outgoing } from './hub'
import { flexibleBoolean, isRecord } from './join-config'
import { checkToken } from './tokens'

interface RestMessage {
  topic: string
  event: string
  payload: Record<string, unknown>
  private: boolean
  id?: unknown
}

export function registerBroadcastRoutes(router: Router, hub: Hub): void {
  router.on('POST', '/realtime/v1/api/broadcast', async (ctx) => {
    const claims = authenticate(hub, ctx)
    const messages = parseBatch(await ctx.body())
    for (const m of messages) {
      const payload: Record<string, unknown> = { type: 'broadcast', event: m.event, payload: m.payload }
      if (m.id !== undefined) payload.meta = { id: m.id }
      await deliver(hub, claims, m.topic, m.private, { kind: 'json', payload })
    }
    sendJson(ctx.res, 202, undefined)
  })

  router.on('POST', '/realtime/v1/api/broadcast/:topic/events/:event', async (ctx) => {
    const claims = authenticate(hub, ctx)
    const { topic, event } = ctx.params as { topic: string; event: string }
    const isPrivate = flexibleBoolean(ctx.url.searchParams.get('private'))
    const body = await ctx.body()
    let out: Outgoing
    if (/^application\/octet-stream/i.test(ctx.req.headers['content-type'] ?? '')) {
      out = { kind: 'bytes', userEvent: event, binary: true, bytes: body }
    } else {
      let payload: unknown
      try {
        payload = parseJson(body.toString('utf8') || 'null')
      } catch {
        throw new HttpError(422, { error: 'Invalid JSON payload' })
      }
      out = { kind: 'json', payload: { type: 'broadcast', event, payload } }
    }
    await deliver(hub, claims, topic, isPrivate, out)
    sendJson(ctx.res, 202, undefined)
  })
}

function authenticate(hub: Hub, ctx: Ctx): JwtClaims {
  const token = requestToken(ctx)
  if (!token) throw new HttpError(401, { error: 'Unauthorized', message: 'Unauthorized' })
  const check = checkToken(hub.ctx, token)
  if (!check.ok) throw new HttpError(401, { error: check.message, message: check.message })
  return check.claims
}

async function deliver(
  hub: Hub,
  claims: JwtClaims,
  topic: string,
  isPrivate: boolean,
  out: Outgoing,
): Promise<void> {
  if (isPrivate && !(await topicPolicies(hub.ctx.db, claims, topic)).broadcastWrite) return
  const size =
    out.kind === 'bytes' ? out.bytes.length : Buffer.byteLength(JSON.stringify(out.payload.payload ?? null))
  if (size > hub.limits.maxPayloadBytes) return
  hub.broadcast(serverTopic(topic, isPrivate), `realtime:${topic}`, out)
}

/** `{"messages": [{topic, event, payload, private?, id?}]}`; anything else is a 422 with Ecto-like errors. */
function parseBatch(body: Buffer): RestMessage[] {
  let parsed: unknown
  try {
    parsed = parseJson(body.toString('utf8'))
  } catch {
    throw new HttpError(422, { errors: { messages: ['is invalid'] } })
  }
  const messages = isRecord(parsed) ? parsed.messages : undefined
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new HttpError(422, { errors: { messages: ["can't be blank"] } })
  }
  const errors: Record<string, string[]>[] = []
  const out: RestMessage[] = []
  for (const m of messages) {
    const e: Record<string, string[]> = {}
    const r = isRecord(m) ? m : {}
    if (typeof r.topic !== 'string' || !r.topic) e.topic = ["can't be blank"]
    if (typeof r.event !== 'string' || !r.event) e.event = ["can't be blank"]
    if (!isRecord(r.payload)) e.payload = [r.payload === undefined ? "can't be blank" : 'is invalid']
    errors.push(e)
    if (Object.keys(e).length === 0) {
      const msg: RestMessage = {
        topic: r.topic as string,
        event: r.event as string,
        payload: r.payload as Record<string, unknown>,
        private: flexibleBoolean(r.private),
      }
      if (r.id !== undefined) msg.id = r.id
      out.push(msg)
    }
  }
  if (out.length !== messages.length) throw new HttpError(422, { errors: { messages: errors } })
  return out
}
