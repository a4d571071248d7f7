// Phoenix wire formats as realtime-js speaks them: vsn 1.0.0 (JSON objects) and vsn 2.0.0 (JSON arrays plus
// the two user-broadcast binary kinds, 3 in and 4 out). Anything that does not decode is reported as null so
// the socket can ignore it and stay open, as the real server does.
import { parseJson } from '../http/json'

export type Vsn = '1.0.0' | '2.0.0'

export interface Message {
  joinRef: string | null
  ref: string | null
  topic: string
  event: string
  payload: unknown
}

/** A kind-3 frame: `channel.send({ type: 'broadcast', … })` from a vsn 2 client. */
export interface BroadcastPush {
  kind: 'broadcast-push'
  joinRef: string | null
  ref: string | null
  topic: string
  userEvent: string
  /** True when the payload is raw bytes, false when it is UTF-8 JSON text. */
  binary: boolean
  bytes: Buffer
}

export type Inbound = ({ kind: 'message' } & Message) | BroadcastPush

const KIND_USER_BROADCAST_PUSH = 3
const KIND_USER_BROADCAST = 4

export function decodeFrame(vsn: Vsn, data: Buffer, isBinary: boolean): Inbound | null {
  if (isBinary) return vsn === '2.0.0' ? decodeBroadcastPush(data) : null
  let parsed: unknown
  try {
    parsed = parseJson(data.toString('utf8'))
  } catch {
    return null
  }
  return vsn === '2.0.0' ? fromArray(parsed) : fromObject(parsed)
}

function fromArray(v: unknown): Inbound | null {
  if (!Array.isArray(v) || v.length < 5) return null
  const [joinRef, ref, topic, event, payload] = v as unknown[]
  return build(joinRef, ref, topic, event, payload)
}

function fromObject(v: unknown): Inbound | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null
  const o = v as Record<string, unknown>
  return build(o.join_ref, o.ref, o.topic, o.event, o.payload)
}

function build(
  joinRef: unknown,
  ref: unknown,
  topic: unknown,
  event: unknown,
  payload: unknown,
): Inbound | null {
  if (typeof topic !== 'string' || typeof event !== 'string') return null
  return {
    kind: 'message',
    joinRef: refString(joinRef),
    ref: refString(ref),
    topic,
    event,
    payload: payload ?? {},
  }
}

function refString(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  return null
}

function decodeBroadcastPush(data: Buffer): BroadcastPush | null {
  if (data.length < 7 || data[0] !== KIND_USER_BROADCAST_PUSH) return null
  const lengths = [data[1]!, data[2]!, data[3]!, data[4]!, data[5]!]
  const encoding = data[6]!
  let offset = 7
  const fields: string[] = []
  for (const len of lengths) {
    if (offset + len > data.length) return null
    fields.push(data.toString('utf8', offset, offset + len))
    offset += len
  }
  const [joinRef, ref, topic, userEvent] = fields as [string, string, string, string]
  if (encoding !== 0 && encoding !== 1) return null
  return {
    kind: 'broadcast-push',
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    userEvent,
    binary: encoding === 0,
    bytes: data.subarray(offset),
  }
}

/** A text frame for one message. vsn 1 carries no join_ref, like Phoenix's V1 serializer. */
export function encodeMessage(vsn: Vsn, m: Message): string {
  if (vsn === '2.0.0') return JSON.stringify([m.joinRef, m.ref, m.topic, m.event, m.payload])
  return JSON.stringify({ topic: m.topic, event: m.event, payload: m.payload, ref: m.ref })
}

/** Kind 4: the only binary frame realtime-js can decode. Null when a header field does not fit a byte. */
export function encodeUserBroadcast(
  topic: string,
  userEvent: string,
  binary: boolean,
  bytes: Buffer,
  meta?: Record<string, unknown>,
): Buffer | null {
  const t = Buffer.from(topic, 'utf8')
  const e = Buffer.from(userEvent, 'utf8')
  const m = meta ? Buffer.from(JSON.stringify(meta), 'utf8') : Buffer.alloc(0)
  if (t.length > 255 || e.length > 255 || m.length > 255) return null
  const header = Buffer.from([KIND_USER_BROADCAST, t.length, e.length, m.length, binary ? 0 : 1])
  return Buffer.concat([header, t, e, m, bytes])
}
