// Hands the actions to components without prop drilling (tests pass their own).
import { createContext, useContext, type ReactNode } from 'react'
import type { Actions } from './actions'

const ActionsContext = createContext<Actions | null>(null)

export function ActionsProvider({ actions, children }: { actions: Actions; children: ReactNode }) {
  return <ActionsContext.Provider value={actions}>{children}</ActionsContext.Provider>
}

export function useActions(): Actions {
  const a = useContext(ActionsContext)
  if (!a) throw new Error('useActions outside <ActionsProvider>')
  return a
}
