import { useEffect, useRef, type ReactNode } from "react"

/**
 * The page's h1. It takes the focus when the page opens, so keyboard and
 * screen-reader users land on the new page instead of the link they left.
 */
export function PageHeading({ children, description }: { children: ReactNode; description?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    ref.current?.focus({ preventScroll: true })
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
