// A renderer that main reloads after a crash or hang comes back on the view it was showing.
import { describe, expect, it } from 'vitest'
import { createFloorwatchStore } from '../../src/renderer/src/store'

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

describe('per-window view', () => {
  it('restores the view after a reload of the same window', () => {
    const windowStorage = memoryStorage()
    const before = createFloorwatchStore({ windowStorage })
    expect(before.getState().ui.view).toBe('floor')
    before.getState().setView('alerts')
    const after = createFloorwatchStore({ windowStorage })
    expect(after.getState().ui.view).toBe('alerts')
  })

  it('ignores a stored value that is not a view', () => {
    const windowStorage = memoryStorage()
    windowStorage.setItem('floorwatch.view', '<script>')
    expect(createFloorwatchStore({ windowStorage }).getState().ui.view).toBe('floor')
  })
})
