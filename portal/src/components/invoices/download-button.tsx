import { Button, Text } from "@medusajs/ui"
import type { ComponentProps } from "react"
import { errorMessage } from "../../lib/errors"

/**
 * A download: the button shows progress while the file is made and
 * fetched, and a failure is said in words right below it (tied to the
 * button for screen readers).
 */
export function DownloadButton({
  id,
  label,
  accessibleLabel,
  pendingLabel = "Preparing PDF…",
  isPending,
  error,
  onClick,
  variant = "secondary",
  size,
  className,
}: {
  /** unique on the page: names the error's element */
  id: string
  label: string
  /** the button's name for screen readers when `label` alone is the same on every row */
  accessibleLabel?: string
  pendingLabel?: string
  isPending: boolean
  error: unknown
  onClick: () => void
  variant?: ComponentProps<typeof Button>["variant"]
  size?: ComponentProps<typeof Button>["size"]
  className?: string
}) {
  const errorId = `${id}-error`
  return (
    <div className={className ?? "flex flex-col items-start gap-y-1"}>
      <Button
        type="button"
        variant={variant}
        size={size}
        isLoading={isPending}
        disabled={isPending}
        aria-label={accessibleLabel}
        aria-describedby={error ? errorId : undefined}
        onClick={onClick}
      >
        {label}
      </Button>
      <span role="status" className="sr-only">
        {isPending ? pendingLabel : ""}
      </span>
      {error ? (
        <Text id={errorId} size="small" className="text-ui-fg-error" role="alert">
          The download failed: {errorMessage(error)}
        </Text>
      ) : null}
    </div>
  )
}
