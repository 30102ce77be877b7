import { startTransition, StrictMode } from "react"
import { createRoot } from "react-dom/client"
import { App } from "./app"

/**
 * The portal's first render, as a transition: React renders it in slices of
 * a few milliseconds, yielding between them, instead of in one long task
 * that keeps a phone's main thread from answering taps.
 */
export function render(root: HTMLElement) {
  startTransition(() => {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>
    )
  })
}
