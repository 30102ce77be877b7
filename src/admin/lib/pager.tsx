import { Table } from "@medusajs/ui"
import { useCallback } from "react"
import { useSearchParams } from "react-router-dom"
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

/**
 * A list page's filters and page in the URL's query string, so a filtered
 * list can be linked to, reloaded and gone back to. `filters.get(key)` reads
 * one; `setFilters({ key: value })` sets (or, for undefined / "" / false,
 * removes) them and goes back to the first page; `page` is zero-based
 * (`?page=` is one-based, as people read it), `setPage` fits `Pager`.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams()
  const page = Math.max(0, (Number.parseInt(params.get("page") ?? "1", 10) || 1) - 1)

  const setFilters = useCallback(
    (patch: Record<string, string | boolean | undefined | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === null || value === "" || value === false) next.delete(key)
            else next.set(key, String(value))
          }
          next.delete("page")
          return next
        },
        { replace: true }
      ),
    [setParams]
  )

  const setPage: Dispatch<SetStateAction<number>> = useCallback(
    (value) =>
      setParams((prev) => {
        const current = Math.max(0, (Number.parseInt(prev.get("page") ?? "1", 10) || 1) - 1)
        const target = typeof value === "function" ? value(current) : value
        const next = new URLSearchParams(prev)
        if (target > 0) next.set("page", String(target + 1))
        else next.delete("page")
        return next
      }),
    [setParams]
  )

  return { filters: params, setFilters, page, setPage }
}
