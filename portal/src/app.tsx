import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query"
import { lazy, Suspense, type ReactNode } from "react"
import { createBrowserRouter, Navigate, RouterProvider } from "react-router-dom"
import { endSession, hasSession } from "./api/session"
import { AppShell } from "./components/app-shell"
import { LoadingState } from "./components/page-state"
import { config } from "./config"
import { errorStatus } from "./lib/errors"
import { PAGE_PATHS, PUBLIC_PATHS, TAB_PATHS } from "./lib/tabs"
import { IndexRoute, RequireSignIn, SettingRoute, TabRoute } from "./routes/guards"
import { NotFoundPage } from "./routes/not-found"
import { RouteErrorPage } from "./routes/route-error"

// Pages load on demand, so the first load carries only the shell and the page at hand.
const SignInPage = lazy(() => import("./routes/sign-in"))
const ForgotPasswordPage = lazy(() => import("./routes/forgot-password"))
const ResetPasswordPage = lazy(() => import("./routes/reset-password"))
const ActivatePage = lazy(() => import("./routes/activate"))
const PayLinkPage = lazy(() => import("./routes/pay-link"))
const SamplePortalPage = lazy(() => import("./routes/sample"))
const HomePage = lazy(() => import("./routes/home"))
const MakePaymentPage = lazy(() => import("./routes/make-payment"))
const PaymentReceiptPage = lazy(() => import("./routes/payment-receipt"))
const InvoicesPage = lazy(() => import("./routes/invoices"))
const InvoiceDetailPage = lazy(() => import("./routes/invoice-detail"))
const HistoryPage = lazy(() => import("./routes/history"))
const DocumentsPage = lazy(() => import("./routes/documents"))
const PaymentMethodsPage = lazy(() => import("./routes/payment-methods"))
const AutopayPage = lazy(() => import("./routes/autopay"))
const ServiceNotesPage = lazy(() => import("./routes/service-notes"))
const ServiceRequestsPage = lazy(() => import("./routes/service-requests"))

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

const router = createBrowserRouter(
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
          children: [
            { index: true, element: <IndexRoute home={<HomePage />} /> },
            { path: "/home", element: <Navigate to="/" replace /> },
            { path: TAB_PATHS.payments, element: <TabRoute tab="payments"><MakePaymentPage /></TabRoute> },
            { path: "/payments/:id", element: <TabRoute tab="payments"><PaymentReceiptPage /></TabRoute> },
            { path: TAB_PATHS.invoices, element: <TabRoute tab="invoices"><InvoicesPage /></TabRoute> },
            { path: `${TAB_PATHS.invoices}/:id`, element: <TabRoute tab="invoices"><InvoiceDetailPage /></TabRoute> },
            { path: TAB_PATHS.history, element: <TabRoute tab="history"><HistoryPage /></TabRoute> },
            { path: TAB_PATHS.payment_methods, element: <TabRoute tab="payment_methods"><PaymentMethodsPage /></TabRoute> },
            { path: TAB_PATHS.service_notes, element: <TabRoute tab="service_notes"><ServiceNotesPage /></TabRoute> },
            { path: TAB_PATHS.service_requests, element: <TabRoute tab="service_requests"><ServiceRequestsPage /></TabRoute> },
            {
              path: PAGE_PATHS.autopay,
              element: <SettingRoute label="Autopay" allowed={(s) => s.autopay.allowed}><AutopayPage /></SettingRoute>,
            },
            {
              path: PAGE_PATHS.documents,
              element: <SettingRoute label="Documents" allowed={(s) => s.tabs.invoices || s.tabs.history}><DocumentsPage /></SettingRoute>,
            },
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
