import { useEffect, useState } from "react"
import { useLocation, useNavigate } from "react-router-dom"

/**
 * The parameters an emailed link carries in its fragment (`#invitation=…`,
 * `#token=…&email=…`), read once when the page opens; the fragment is then
 * dropped from the address bar (and from history), so the token does not
 * linger where a screen share, a bookmark or a shoulder can pick it up.
 */
export function useFragmentParams(): URLSearchParams {
  const location = useLocation()
  const navigate = useNavigate()
  const [params] = useState(() => new URLSearchParams(location.hash.replace(/^#/, "")))
  useEffect(() => {
    if (location.hash) navigate({ pathname: location.pathname, search: location.search, hash: "" }, { replace: true, state: location.state })
    // only when the page opens
  }, [])
  return params
}

/** The HTTP status of a failed call, from the store client's or the SDK's error. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}
