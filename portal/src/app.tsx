import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query"
import { lazy, Suspense, type ReactNode } from "react"
import { createBrowserRouter, RouterProvider } from "react-router-dom"
import { accountQuery } from "./api/account"
import { customerQuery } from "./api/customer"
import { endSession, hasSession } from "./api/session"
import { AppShell } from "./components/app-shell"
import { LoadingState } from "./components/page-state"
import { config } from "./config"
import { DELETED_CUSTOMER_MESSAGE, PORTAL_ACCESS_OFF_MESSAGE } from "../../src/client/errors"
import { errorMessage, errorStatus, shouldRetry } from "./lib/errors"
import { sdk } from "./lib/sdk"
import { PUBLIC_PATHS } from "./lib/tabs"
import { RequireSignIn } from "./routes/guards"
import { RouteErrorPage } from "./routes/route-error"
import { signedInPages } from "./routes/signed-in-pages"

// Pages load on demand, so the first load carries only the shell and the page at hand
// (the signed-in pages: routes/signed-in-pages.tsx).
const SignInPage = lazy(() => import("./routes/sign-in"))
const ForgotPasswordPage = lazy(() => import("./routes/forgot-password"))
const ResetPasswordPage = lazy(() => import("./routes/reset-password"))
const ActivatePage = lazy(() => import("./routes/activate"))
const PayLinkPage = lazy(() => import("./routes/pay-link"))
const SamplePortalPage = lazy(() => import("./routes/sample"))

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // An expired or revoked token: back to the sign-in page, saying why
    // (a 401 after signing out is only a request that was already on its way).
    onError: (error) => {
      if (errorStatus(error) !== 401 || !hasSession(queryClient)) return
      // the business deleted the customer, or turned their access off: signing in again would not help
      const message = errorMessage(error)
      void endSession(
        queryClient,
        message === DELETED_CUSTOMER_MESSAGE ? "account_gone" : message === PORTAL_ACCESS_OFF_MESSAGE ? "access_off" : "expired"
      )
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: shouldRetry,
    },
  },
})

// Signed in already (a token from earlier in this tab): ask for the account
// and the customer while React is still starting, not after its first render.
// Not for the sample portal, whose pages read sample data through the same cache.
const openedAt = window.location.pathname.slice(config.base_path.replace(/\/+$/, "").length)
const onSample = openedAt === PUBLIC_PATHS.sample || openedAt.startsWith(`${PUBLIC_PATHS.sample}/`)
void sdk.client.getToken().then((token) => {
  if (!token || onSample) return
  void queryClient.prefetchQuery(accountQuery)
  void queryClient.prefetchQuery(customerQuery)
})

/**
 * The portal's router, matched against the page's URL. Building it walks and
 * ranks every route, so the start (main.tsx) calls it as a step of its own.
 */
export function createPortalRouter() {
  return createBrowserRouter(
    [
      { path: PUBLIC_PATHS.signIn, element: <SuspenseRoute><SignInPage /></SuspenseRoute>, errorElement: <RouteErrorPage /> },
      { path: PUBLIC_PATHS.forgotPassword, element: <SuspenseRoute><ForgotPasswordPage /></SuspenseRoute>, errorElement: <RouteErrorPage /> },
      { path: PUBLIC_PATHS.resetPassword, element: <SuspenseRoute><ResetPasswordPage /></SuspenseRoute>, errorElement: <RouteErrorPage /> },
      { path: PUBLIC_PATHS.activate, element: <SuspenseRoute><ActivatePage /></SuspenseRoute>, errorElement: <RouteErrorPage /> },
      { path: PUBLIC_PATHS.payLink, element: <SuspenseRoute><PayLinkPage /></SuspenseRoute>, errorElement: <RouteErrorPage /> },
      { path: `${PUBLIC_PATHS.sample}/*`, element: <SuspenseRoute><SamplePortalPage /></SuspenseRoute>, errorElement: <RouteErrorPage /> },
      {
        element: <RequireSignIn />,
        errorElement: <RouteErrorPage />,
        children: [
          {
            element: <AppShell />,
            children: signedInPages,
          },
        ],
      },
    ],
    { basename: config.base_path || "/" }
  )
}

export type PortalRouter = ReturnType<typeof createPortalRouter>

export function App({ router }: { router: PortalRouter }) {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} future={{ v7_startTransition: true }} />
    </QueryClientProvider>
  )
}

function SuspenseRoute({ children }: { children: ReactNode }) {
  return <Suspense fallback={<LoadingState />}>{children}</Suspense>
}
