import { QueryClient, QueryClientProvider } from "@tanstack/react-query"
import type { ComponentType } from "react"
import { errorStatus } from "./sdk"

/**
 * One query client for every billing page and widget. The dashboard has its
 * own, but a plugin's `@tanstack/react-query` can resolve to another copy
 * than the dashboard's (then `useQuery` would find no client); one client of
 * our own keeps the cache shared between our pages whatever the host
 * resolves.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx is the API's answer (a missing invoice, a bad filter): asking
      // again gives the same answer. Network errors and 5xx get one retry.
      retry: (failures, error) => {
        const status = errorStatus(error)
        return failures < 1 && (status === undefined || status >= 500)
      },
    },
  },
})

/** Wraps a billing route or widget in the billing query client. */
export function withBillingQuery<P extends object>(Component: ComponentType<P>): ComponentType<P> {
  const Wrapped = (props: P) => (
    <QueryClientProvider client={queryClient}>
      <Component {...props} />
    </QueryClientProvider>
  )
  Wrapped.displayName = `withBillingQuery(${Component.displayName ?? Component.name ?? "Component"})`
  return Wrapped
}
