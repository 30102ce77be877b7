import { lazy } from "react"
import { Navigate, type RouteObject } from "react-router-dom"
import { PAGE_PATHS, TAB_PATHS } from "../lib/tabs"
import { IndexRoute, SettingRoute, TabRoute } from "./guards"
import { NotFoundPage } from "./not-found"

// Pages load on demand, so the first load carries only the shell and the page at hand.
const HomePage = lazy(() => import("./home"))
const MakePaymentPage = lazy(() => import("./make-payment"))
const PaymentReceiptPage = lazy(() => import("./payment-receipt"))
const InvoicesPage = lazy(() => import("./invoices"))
const InvoiceDetailPage = lazy(() => import("./invoice-detail"))
const HistoryPage = lazy(() => import("./history"))
const DocumentsPage = lazy(() => import("./documents"))
const PaymentMethodsPage = lazy(() => import("./payment-methods"))
const AutopayPage = lazy(() => import("./autopay"))
const ServiceNotesPage = lazy(() => import("./service-notes"))
const ServiceRequestsPage = lazy(() => import("./service-requests"))

/**
 * The signed-in pages, under the AppShell: one table for the portal
 * (app.tsx) and for the admin's sample portal (sample.tsx), so a page added
 * here appears in both. Each is shown only when the settings allow it.
 */
export const signedInPages: RouteObject[] = [
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
]
