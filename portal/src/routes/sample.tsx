import { useQueryClient } from "@tanstack/react-query"
import { useEffect, useMemo, useState, type ReactNode } from "react"
import {
  createMemoryRouter,
  Outlet,
  RouterProvider,
  UNSAFE_LocationContext,
  UNSAFE_RouteContext,
  type RouteObject,
} from "react-router-dom"
import { AppShell } from "../components/app-shell"
import { LoadingState } from "../components/page-state"
import { isSampleSettingsMessage, SAMPLE_READY } from "../lib/sample/protocol"
import { installSampleSdk } from "../lib/sample/sample-sdk"
import { useDocumentTitle } from "../lib/use-document-title"
import { signedInPages } from "./signed-in-pages"

/** The admin's form as last sent (module state: the sample's fetch reads it on every request). */
let latestForm: unknown | null = null
const framed = typeof window !== "undefined" && window.parent !== window

/**
 * The signed-in portal as the admin's settings would make it, in the
 * admin's "View sample portal" iframe: AppShell, Home and the tabs' pages
 * over sample data (lib/sample), with the settings form's unsaved values
 * sent by the admin page (postMessage, same origin only). The pages run in a
 * router of their own (in memory), so moving between tabs stays inside the
 * sample; nothing is asked of the server.
 */
export default function SamplePortalPage() {
  useDocumentTitle("Sample portal")
  installSampleSdk(() => latestForm)
  const queryClient = useQueryClient()
  // opened on its own (not in the admin's iframe): the business's saved look, at once
  const [received, setReceived] = useState(!framed)

  useEffect(() => {
    if (!framed) return
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== window.parent) return
      if (!isSampleSettingsMessage(event.data)) return
      latestForm = event.data.settings
      setReceived(true)
      // every page re-reads the sample with the new settings
      void queryClient.invalidateQueries()
    }
    window.addEventListener("message", onMessage)
    window.parent.postMessage({ type: SAMPLE_READY }, window.location.origin)
    return () => window.removeEventListener("message", onMessage)
  }, [queryClient])

  const router = useMemo(() => createMemoryRouter(sampleRoutes, { initialEntries: ["/"] }), [])

  if (!received) return <LoadingState label="Waiting for the settings…" />
  return (
    <OwnRouter>
      <RouterProvider router={router} future={{ v7_startTransition: true }} />
    </OwnRouter>
  )
}

/** Lets the sample's memory router run inside the portal's own (React Router refuses a router within a router). */
function OwnRouter({ children }: { children: ReactNode }) {
  return (
    <UNSAFE_LocationContext.Provider value={null as never}>
      <UNSAFE_RouteContext.Provider value={{ outlet: null, matches: [], isDataRoute: false }}>{children}</UNSAFE_RouteContext.Provider>
    </UNSAFE_LocationContext.Provider>
  )
}

function SampleFrame() {
  return (
    <>
      <p role="note" className="txt-compact-small-plus bg-ui-bg-component text-ui-fg-base border-ui-border-base border-b px-4 py-2 text-center">
        Sample portal: your settings with made-up data. Nothing here is saved, paid or sent.
      </p>
      <Outlet />
    </>
  )
}

const sampleRoutes: RouteObject[] = [
  {
    element: <SampleFrame />,
    children: [{ element: <AppShell />, children: signedInPages }],
  },
]
