import { Alert, Button, Text } from "@medusajs/ui"
import { errorMessage } from "../lib/errors"

/** A region that screen readers announce; shown while something loads. */
export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-x-3 py-8">
      <span
        aria-hidden
        className="border-ui-border-strong h-4 w-4 animate-spin rounded-full border-2 border-t-transparent"
      />
      <Text className="text-portal-on-background-subtle">{label}</Text>
    </div>
  )
}

/** A failed request, in words, with a way to try again. */
export function ErrorState({
  error,
  title = "This could not be loaded",
  onRetry,
}: {
  error: unknown
  title?: string
  onRetry?: () => void
}) {
  return (
    <Alert variant="error" role="alert" className="bg-ui-bg-base my-4">
      <div className="flex flex-col gap-y-2">
        <Text weight="plus">{title}</Text>
        <Text>{errorMessage(error)}</Text>
        {onRetry && (
          <Button variant="secondary" size="small" type="button" onClick={onRetry}>
            Try again
          </Button>
        )}
      </div>
    </Alert>
  )
}
