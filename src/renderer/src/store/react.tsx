// React access to the store: a context carries the instance (so tests build their own), hooks select.
import { createContext, useContext, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { FloorwatchState, FloorwatchStore } from './index'

const StoreContext = createContext<FloorwatchStore | null>(null)

export function StoreProvider({ store, children }: { store: FloorwatchStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
}

export function useStoreApi(): FloorwatchStore {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useFw outside <StoreProvider>')
  return store
}

/** One narrow slice of state; the component re-renders only when it changes (Object.is). */
export function useFw<T>(selector: (s: FloorwatchState) => T): T {
  return useStore(useStoreApi(), selector)
}

/** Several fields at once, compared shallowly. */
export function useFwShallow<T>(selector: (s: FloorwatchState) => T): T {
  return useStore(useStoreApi(), useShallow(selector))
}
