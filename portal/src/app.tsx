import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query"
import { lazy, Suspense, type ReactNode } from "react"
import { createBrowserRouter, Navigate, RouterProvider } from "react-router-dom"
import { endSession, hasSession } from "./api/session"
import { AppShell } from "./components/app-shell"
import { LoadingState } from "./components/page-state"
import { config } from "./config"
import { errorStatus } from "./lib/errors"
import { TAB_PATHS, type PortalTab } from "./lib/tabs"
import { IndexRoute, RequireSignIn, TabRoute } from "./routes/guards"
import { NotFoundPage } from "./routes/not-found"
import { RouteErrorPage } from "./routes/route-error"

// Pages load on demand, so the first load carries only the shell and the page at hand.
const SignInPage = lazy(() => import("./routes/sign-in"))
const ForgotPasswordPage = lazy(() => import("./routes/forgot-password"))
const HomePage = lazy(() => import("./routes/home"))
const ComingSoonPage = lazy(() => import("./routes/coming-soon"))

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // An expired or revoked token: back to the sign-in page, saying why
    // (a 401 after signing out is only a request that was already on its way).
    onError: (error) => {
      if (errorStatus(error) === 401 && hasSession(queryClient)) void endSession(queryClient, "expired")
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // a 4xx will not change on retry (signed out, tab off, not found)
      retry: (failures, error) => {
        const status = errorStatus(error)
        return !(status && status >= 400 && status < 500) && failures < 2
      },
    },
  },
})

/** The tabs whose pages come in later slices (DESIGN sec. 13). */
const LATER_TABS: Exclude<PortalTab, "home">[] = [
  "payments",
  "invoices",
  "history",
  "service_notes",
  "service_requests",
  "payment_methods",
]

const router = createBrowserRouter(
  [
    { path: "/sign-in", element: <SuspenseRoute><SignInPage /></SuspenseRoute>, errorElement: <RouteErrorPage /> },
    { path: "/forgot-password", element: <SuspenseRoute><ForgotPasswordPage /></SuspenseRoute>, errorElement: <RouteErrorPage /> },
    {
      element: <RequireSignIn />,
      errorElement: <RouteErrorPage />,
      children: [
        {
          element: <AppShell />,
          children: [
            { index: true, element: <IndexRoute home={<HomePage />} /> },
            { path: "/home", element: <Navigate to="/" replace /> },
            ...LATER_TABS.map((tab) => ({
              path: `${TAB_PATHS[tab]}/*`,
              element: (
                <TabRoute tab={tab}>
                  <ComingSoonPage tab={tab} />
                </TabRoute>
              ),
            })),
            { path: "*", element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: config.base_path || "/" }
)

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} future={{ v7_startTransition: true }} />
    </QueryClientProvider>
  )
}

function SuspenseRoute({ children }: { children: ReactNode }) {
  return <Suspense fallback={<LoadingState />}>{children}</Suspense>
}
