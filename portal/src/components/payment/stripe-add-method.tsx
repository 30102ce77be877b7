import { Button } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useRef } from "react"
import type { PaymentMethodType } from "../../../../src/client/types"
import { newIdempotencyKey } from "../../../../src/client/idempotency"
import { billingKeys } from "../../api/query-keys"
import { billing } from "../../lib/billing"
import { errorMessage } from "../../lib/errors"
import { ThemedButton } from "../themed-button"
import { StripeElement, type StripeElementHandle } from "./stripe-element"
import { saveThroughStripe } from "./stripe-steps"

export type StripeAddMethodProps = {
  /** prefix for the element ids */
  id: string
  type: PaymentMethodType
  /** the customer's currency (Stripe's form for a setup needs one) */
  currency: string
  onSaved?: () => void
  onCancel?: () => void
}

/**
 * "Add payment method" with Stripe: the Payment Element in setup mode and a
 * Save button. Saving creates a SetupIntent on the server and confirms it
 * with Stripe.js; the card or account is then on the customer's Stripe
 * customer and in the saved-methods list. A retry after Stripe refused the
 * details keeps the same Idempotency-Key, so it confirms the same
 * SetupIntent instead of making another.
 */
export function StripeAddMethod({ id, type, currency, onSaved, onCancel }: StripeAddMethodProps) {
  const element = useRef<StripeElementHandle>(null)
  const attemptKey = useRef(newIdempotencyKey())
  const queryClient = useQueryClient()
  const save = useMutation({
    mutationFn: async () => {
      if (!element.current) throw new Error("The payment form is still loading. Please wait a moment.")
      await saveThroughStripe(element.current, async () =>
        (await billing.createPaymentMethod({ type }, { idempotencyKey: attemptKey.current })).payment_method
      )
    },
    onSuccess: () => {
      attemptKey.current = newIdempotencyKey()
      onSaved?.()
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: billingKeys.all }),
  })

  const label = type === "card" ? "Save card" : "Save bank account"
  return (
    <form
      noValidate
      className="flex flex-col gap-y-4"
      onSubmit={(event) => {
        event.preventDefault()
        if (!save.isPending) save.mutate()
      }}
    >
      <StripeElement
        id={id}
        intent="setup"
        type={type}
        currency={currency}
        error={save.isError ? errorMessage(save.error) : undefined}
        disabled={save.isPending}
      />
      <div className="flex flex-wrap items-center gap-3">
        <ThemedButton type="submit" isLoading={save.isPending}>
          {label}
        </ThemedButton>
        {onCancel && (
          <Button type="button" variant="secondary" onClick={onCancel} disabled={save.isPending}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  )
}
