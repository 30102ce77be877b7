import { Table } from "@medusajs/ui"
import { useCallback, useMemo, useSyncExternalStore } from "react"
import type { Dispatch, SetStateAction } from "react"

/** The list pages' pagination row: `page` is zero-based, `setPage` the page state's setter. */
export const Pager = ({
  count,
  page,
  pageSize,
  setPage,
}: {
  count: number
  page: number
  pageSize: number
  setPage: Dispatch<SetStateAction<number>>
}) => (
  <Table.Pagination
    count={count}
    pageSize={pageSize}
    pageIndex={page}
    pageCount={Math.max(1, Math.ceil(count / pageSize))}
    canPreviousPage={page > 0}
    canNextPage={(page + 1) * pageSize < count}
    previousPage={() => setPage((p) => Math.max(0, p - 1))}
    nextPage={() => setPage((p) => p + 1)}
  />
)

declare const __BASE__: string | undefined

/**
 * A link target inside the admin: `adminHref("/billing/invoices/inv_1")` →
 * `/app/billing/invoices/inv_1` (the admin's base path, as the bundler sets
 * it). Our pages link with plain anchors on purpose: the dashboard routes
 * with its own copy of react-router-dom (7.x) while this package resolves
 * another (6.x), so `Link`, `useParams` or `useSearchParams` imported here
 * find no router and throw.
 */
export function adminHref(path: string): string {
  const base = (typeof __BASE__ !== "undefined" && __BASE__ ? __BASE__ : "/app").replace(/\/+$/, "")
  return `${base}${path.startsWith("/") ? path : `/${path}`}`
}

// The query string as an external store: our own replaceState calls announce
// themselves with this event, the browser's back/forward with popstate.
const URL_CHANGED = "billing:url-changed"
const subscribe = (onChange: () => void) => {
  window.addEventListener(URL_CHANGED, onChange)
  window.addEventListener("popstate", onChange)
  return () => {
    window.removeEventListener(URL_CHANGED, onChange)
    window.removeEventListener("popstate", onChange)
  }
}
const readSearch = () => window.location.search

/** The page's query string, re-rendering when it changes. */
export function useSearch(): URLSearchParams {
  const search = useSyncExternalStore(subscribe, readSearch, () => "")
  return useMemo(() => new URLSearchParams(search), [search])
}

/**
 * Rewrites the query string in place (no new history entry, the router's
 * own history state kept) and tells `useSearch` readers.
 */
export function replaceSearch(update: (params: URLSearchParams) => void) {
  const params = new URLSearchParams(window.location.search)
  update(params)
  const search = params.toString()
  const url = `${window.location.pathname}${search ? `?${search}` : ""}${window.location.hash}`
  window.history.replaceState(window.history.state, "", url)
  window.dispatchEvent(new Event(URL_CHANGED))
}

const pageOf = (params: URLSearchParams) => Math.max(0, (Number.parseInt(params.get("page") ?? "1", 10) || 1) - 1)

/**
 * A list page's filters and page in the URL's query string, so a filtered
 * list can be linked to, reloaded and shared. `filters.get(key)` reads one;
 * `setFilters({ key: value })` sets (or, for undefined / "" / false,
 * removes) them and goes back to the first page; `page` is zero-based
 * (`?page=` is one-based, as people read it), `setPage` fits `Pager`.
 */
export function useUrlFilters() {
  const filters = useSearch()
  const page = pageOf(filters)

  const setFilters = useCallback(
    (patch: Record<string, string | boolean | undefined | null>) =>
      replaceSearch((params) => {
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === null || value === "" || value === false) params.delete(key)
          else params.set(key, String(value))
        }
        params.delete("page")
      }),
    []
  )

  const setPage: Dispatch<SetStateAction<number>> = useCallback(
    (value) =>
      replaceSearch((params) => {
        const target = typeof value === "function" ? value(pageOf(params)) : value
        if (target > 0) params.set("page", String(target + 1))
        else params.delete("page")
      }),
    []
  )

  return { filters, setFilters, page, setPage }
}
