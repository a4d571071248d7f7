// The agents table: sortable by any data column (ascending, then descending on a second click, ties by
// name) and a break longer than 15 minutes flagged in words, next to the idle flag.
import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { agent, session, up } from './fixtures'
import { renderApp } from './support'

const MIN = 60_000
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()

async function agentsTable() {
  const people = [
    {
      a: agent({ name: 'Cleo Park', team: 'Billing' }),
      s: { status: 'on_call' as const, status_since: ago(2 * MIN) },
    },
    {
      a: agent({ name: 'Ada Okafor', team: 'Sales' }),
      s: { status: 'break' as const, status_since: ago(20 * MIN) },
    },
    {
      a: agent({ name: 'Ben Silva', team: 'Support' }),
      s: { status: 'break' as const, status_since: ago(5 * MIN) },
    },
  ]
  const h = await renderApp({
    snapshot: people.flatMap((p) => [up('agents', p.a), up('agent_sessions', session(p.a.id, p.s))]),
  })
  fireEvent.keyDown(window, { key: '3' })
  await h.flush()
  return screen.getByRole('table', { name: 'Agents' })
}

const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]!.textContent)

describe('the agents table', () => {
  it('sorts by a column header, and reverses on a second click', async () => {
    const table = await agentsTable()
    expect(names(table)).toEqual(['Ada Okafor', 'Ben Silva', 'Cleo Park'])
    fireEvent.click(within(table).getByRole('button', { name: 'In state' }))
    expect(names(table)).toEqual(['Cleo Park', 'Ben Silva', 'Ada Okafor'])
    const header = within(table).getByRole('button', { name: 'In state' }).closest('[role="columnheader"]')
    expect(header?.getAttribute('aria-sort')).toBe('ascending')
    fireEvent.click(within(table).getByRole('button', { name: 'In state' }))
    expect(names(table)).toEqual(['Ada Okafor', 'Ben Silva', 'Cleo Park'])
    fireEvent.click(within(table).getByRole('button', { name: 'Team' }))
    expect(names(table)).toEqual(['Cleo Park', 'Ada Okafor', 'Ben Silva'])
    fireEvent.click(within(table).getByRole('button', { name: 'State' }))
    // available, on_call, wrap_up, break, offline; ties by name.
    expect(names(table)).toEqual(['Cleo Park', 'Ada Okafor', 'Ben Silva'])
  })

  it('flags a break longer than 15 minutes, not a short one', async () => {
    const table = await agentsTable()
    const row = (name: string) => within(table).getByText(name).closest('[role="row"]') as HTMLElement
    expect(within(row('Ada Okafor')).getByText(/break > 15 min/)).toBeTruthy()
    expect(within(row('Ben Silva')).queryByText(/break >/)).toBeNull()
    expect(within(row('Cleo Park')).queryByText(/break >/)).toBeNull()
  })
})
