// Wires a store and its actions into React: the one place the app tree is given its dependencies.
import { StrictMode } from 'react'
import { Shell } from './Shell'
import { ActionsProvider } from './actions-context'
import type { Actions } from './actions'
import type { FloorwatchStore } from './store'
import { StoreProvider } from './store/react'

export function Root({ store, actions }: { store: FloorwatchStore; actions: Actions }) {
  return (
    <StrictMode>
      <StoreProvider store={store}>
        <ActionsProvider actions={actions}>
          <Shell />
        </ActionsProvider>
      </StoreProvider>
    </StrictMode>
  )
}
