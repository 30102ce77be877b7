import { Input, Label, Text } from "@medusajs/ui"
import { forwardRef, type ComponentProps, type ReactNode } from "react"

type FormFieldProps = ComponentProps<typeof Input> & {
  id: string
  label: string
  /** the field's error in words (react-hook-form's message, or the API's for this field) */
  error?: string
  /** shown at the end of the label's line (e.g. a "Forgot password?" link) */
  labelAside?: ReactNode
}

/**
 * A labelled @medusajs/ui input with its error right below it, tied to the
 * input for screen readers (aria-invalid, aria-describedby). Spread
 * react-hook-form's `register(…)` into it (its ref reaches the input).
 */
export const FormField = forwardRef<HTMLInputElement, FormFieldProps>(function FormField(
  { id, label, error, labelAside, ...input },
  ref
) {
  const errorId = `${id}-error`
  return (
    <div className="flex flex-col gap-y-1.5">
      <div className="flex items-baseline justify-between gap-x-2">
        <Label htmlFor={id}>{label}</Label>
        {labelAside}
      </div>
      <Input ref={ref} id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...input} />
      {error && (
        <Text id={errorId} size="small" className="text-ui-fg-error">
          {error}
        </Text>
      )}
    </div>
  )
})
