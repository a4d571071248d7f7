// The renderer's only door to main: the preload's api in Electron, the headless bridge in a browser.
// Components never call it directly; they receive it from the root.
import type { RendererApi } from '../../shared/contract'
import { connectBridge } from './bridge-client'

declare global {
  interface Window {
    floorwatch?: RendererApi
  }
}

export function resolveApi(): RendererApi {
  return window.floorwatch ?? connectBridge(new URL('/bridge', window.location.href))
}
