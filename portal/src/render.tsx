import { startTransition, StrictMode } from "react"
import { createRoot } from "react-dom/client"
import { App, createPortalRouter, type PortalRouter } from "./app"

/** The start's last steps (main.tsx), each its own task. */
export const steps = {
  /** the router, matched against the page's URL */
  router: (): PortalRouter => createPortalRouter(),
  /**
   * The first render, as a transition: React renders it in slices of a few
   * milliseconds, yielding between them, instead of in one long task that
   * keeps a phone's main thread from answering taps.
   */
  render(root: HTMLElement, router: PortalRouter) {
    startTransition(() => {
      createRoot(root).render(
        <StrictMode>
          <App router={router} />
        </StrictMode>
      )
    })
  },
}
