import { useEffect, useRef, type ReactNode } from "react"
import { useNavigationType } from "react-router-dom"

/**
 * The page's h1. After a move inside the portal (a link, a redirect) it
 * takes the focus, so keyboard and screen-reader users land on the new page
 * instead of the link they left; on a fresh load or Back the browser keeps
 * its own focus (the skip link comes first).
 */
export function PageHeading({ children, description }: { children: ReactNode; description?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null)
  const navigationType = useNavigationType()
  useEffect(() => {
    if (navigationType !== "POP") ref.current?.focus({ preventScroll: true })
    // only when the page opens
  }, [])
  return (
    <div className="mb-6 flex flex-col gap-y-1">
      <h1 ref={ref} tabIndex={-1} className="h1-docs text-portal-on-background outline-none">
        {children}
      </h1>
      {description && <p className="txt-medium text-portal-on-background-subtle">{description}</p>}
    </div>
  )
}
