import { Button, clx } from "@medusajs/ui"
import { forwardRef, type ComponentProps } from "react"

/**
 * @medusajs/ui's primary button in the business's primary colour, with black
 * or white text, whichever contrasts (lib/theme.ts).
 */
export const ThemedButton = forwardRef<HTMLButtonElement, ComponentProps<typeof Button>>(function ThemedButton(
  { className, ...props },
  ref
) {
  return (
    <Button
      ref={ref}
      variant="primary"
      className={clx(
        "bg-portal-primary text-portal-on-primary hover:bg-portal-primary active:bg-portal-primary shadow-buttons-neutral",
        "after:hidden hover:brightness-95 active:brightness-90",
        "focus-visible:!shadow-buttons-neutral-focus",
        className
      )}
      {...props}
    />
  )
})
