import { Table } from "@medusajs/ui"
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
