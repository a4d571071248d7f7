import { describe, expect, it } from 'vitest'
import { isTableName, parseRow, parseTombstone, TABLE_NAMES } from '../../src/shared/domain/tables'
import { callRow, tombstoneRow, uid, validRows } from './support/rows'

describe('row parsers', () => {
  it.each(TABLE_NAMES)('accepts a valid %s row as it arrives from to_jsonb', (table) => {
    const result = parseRow(table, structuredClone(validRows[table]))
    expect(result).toEqual({ ok: true, value: validRows[table] })
  })

  it('names the table, row, column and value when an enum is wrong', () => {
    const result = parseRow('calls', { ...callRow(), status: 'lost' })
    expect(result).toEqual({
      ok: false,
      error: `calls ${uid(100)}: status: expected one of queued|ringing|active|on_hold|wrap_up|completed|abandoned|failed, got "lost"`,
    })
  })

  it('rejects a missing column instead of defaulting it', () => {
    const { hold_seconds: _, ...row } = callRow()
    const result = parseRow('calls', row)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toContain('column hold_seconds is missing')
  })

  it('does not coerce: a numeric string seq, a zoneless timestamp and a non-uuid id are rejected', () => {
    const bad = [
      { ...callRow(), seq: '12' },
      { ...callRow(), queued_at: '2026-11-21T09:00:00' },
      { ...callRow(), queued_at: 'yesterday' },
      { ...callRow(), id: 'call-1' },
      { ...callRow(), agent_id: 7 },
      { ...callRow(), hold_seconds: 1.5 },
    ]
    for (const row of bad) expect(parseRow('calls', row).ok).toBe(false)
  })

  it('accepts the null a nullable column may hold, and only there', () => {
    expect(parseRow('calls', { ...callRow(), answered_at: null }).ok).toBe(true)
    expect(parseRow('calls', { ...callRow(), queued_at: null }).ok).toBe(false)
  })

  it('enforces the migration check constraints', () => {
    expect(parseRow('queues', { ...validRows.queues, sla_target_percent: 101 }).ok).toBe(false)
    expect(parseRow('queues', { ...validRows.queues, sla_target_seconds: 0 }).ok).toBe(false)
    expect(parseRow('campaigns', { ...validRows.campaigns, dialed: -1 }).ok).toBe(false)
    expect(parseRow('alert_events', { ...validRows.alert_events, comment: 'x'.repeat(2001) }).ok).toBe(false)
  })

  it('reads a campaign currency as an ISO 4217 code, and a row from before that column as none', () => {
    expect(parseRow('campaigns', { ...validRows.campaigns, currency: 'eur' }).ok).toBe(false)
    expect(parseRow('campaigns', { ...validRows.campaigns, currency: 'EURO' }).ok).toBe(false)
    const { currency: _dropped, ...before } = validRows.campaigns
    expect(parseRow('campaigns', before)).toMatchObject({ ok: true, value: { currency: null } })
  })

  it('rejects a queue whose time zone the runtime does not know', () => {
    const result = parseRow('queues', { ...validRows.queues, time_zone: 'Mars/Olympus_Mons' })
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining('time_zone: expected an IANA time zone'),
    })
    expect(parseRow('queues', { ...validRows.queues, time_zone: 'America/New_York' }).ok).toBe(true)
  })

  it('drops columns it does not know, so a later migration cannot blank the console', () => {
    const result = parseRow('calls', { ...callRow(), recording_url: 'https://example.com/r.wav' })
    expect(result.ok && 'recording_url' in result.value).toBe(false)
  })

  it('rejects what is not a row object', () => {
    for (const raw of [null, undefined, 'row', 12, [callRow()]]) {
      expect(parseRow('calls', raw)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^calls: expected a row object/),
      })
    }
  })

  it('parses tombstones and rejects ones for tables that do not stream', () => {
    expect(parseTombstone(tombstoneRow('calls', uid(100), 50))).toMatchObject({ ok: true })
    expect(
      parseTombstone({ ...tombstoneRow('calls', uid(100), 50), table_name: 'memberships' }),
    ).toMatchObject({
      ok: false,
      error: 'tombstones: table_name: expected a streamed table, got "memberships"',
    })
  })

  it('knows the streamed tables', () => {
    expect(isTableName('calls')).toBe(true)
    expect(isTableName('tombstones')).toBe(false)
    expect(isTableName('__proto__')).toBe(false)
  })
})
