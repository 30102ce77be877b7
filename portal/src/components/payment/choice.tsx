import { clx } from "@medusajs/ui"
import { forwardRef, type ComponentProps } from "react"

const box =
  "accent-portal-primary h-4 w-4 shrink-0 cursor-pointer disabled:cursor-not-allowed " +
  "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--portal-primary)]"

/**
 * A native radio button in the business's colour. The payment pages use
 * native radios and checkboxes rather than @medusajs/ui's Radix ones: the
 * browser gives the keyboard behaviour (arrows within a group, Space) for
 * free, and the first load of Make a payment stays within its budget.
 */
export const Radio = forwardRef<HTMLInputElement, Omit<ComponentProps<"input">, "type">>(function Radio(
  { className, ...props },
  ref
) {
  return <input ref={ref} type="radio" className={clx(box, className)} {...props} />
})

export const CheckboxInput = forwardRef<HTMLInputElement, Omit<ComponentProps<"input">, "type">>(function CheckboxInput(
  { className, ...props },
  ref
) {
  return <input ref={ref} type="checkbox" className={clx(box, "rounded", className)} {...props} />
})
