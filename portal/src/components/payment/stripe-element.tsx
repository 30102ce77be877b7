import type { StripeElements, StripeElementsOptions } from "@stripe/stripe-js"
import { Text } from "@medusajs/ui"
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react"
import type { PaymentMethodType } from "../../../../src/client/types"
import { useStripeJs } from "../../api/stripe"
import { config } from "../../config"
import { stripeErrorMessage } from "../../lib/stripe"
import { ErrorState, LoadingState } from "../page-state"

/** What a Stripe step answered: null when it went through, else Stripe's message for the customer. */
export type StripeStepResult = { error: string | null }

/**
 * What the page does with the mounted Payment Element, in Stripe's order:
 * `submit()` (Stripe checks the details; before anything is created on our
 * server), then, with the client secret of what the server created,
 * `confirmPayment` or `confirmSetup`.
 */
export type StripeElementHandle = {
  submit(): Promise<StripeStepResult>
  confirmPayment(clientSecret: string): Promise<StripeStepResult>
  confirmSetup(clientSecret: string): Promise<StripeStepResult>
}

export type StripeElementProps = {
  /** prefix for the element ids */
  id: string
  /** "payment": pays `amountMinor` now; "setup": saves the method for later */
  intent: "payment" | "setup"
  type: PaymentMethodType
  currency: string
  /** the payment's amount in the currency's minor units (Stripe's `amount`); payment only */
  amountMinor?: bigint
  /** the customer asked to keep the method for autopay (the server's intent then has setup_future_usage) */
  saveForLater?: boolean
  /** Stripe's or the API's message about these details, shown right under the element */
  error?: string
  disabled?: boolean
  /** whether Stripe considers the details complete */
  onCompleteChange?: (complete: boolean) => void
}

/**
 * Stripe's Payment Element for one method type, in the deferred-intent
 * flow: the form shows before anything exists at Stripe or on our server,
 * and the intent's options (manual capture as Medusa's Stripe provider
 * creates it, the amount, setup_future_usage) match what the server will
 * create, as Stripe requires. Card and bank details are typed into Stripe's
 * own frames and never reach the portal.
 */
export const StripeElement = forwardRef<StripeElementHandle, StripeElementProps>(function StripeElement(
  { id, intent, type, currency, amountMinor, saveForLater = false, error, disabled = false, onCompleteChange },
  ref
) {
  const stripeJs = useStripeJs()
  const container = useRef<HTMLDivElement>(null)
  const elementsRef = useRef<StripeElements | null>(null)
  const [ready, setReady] = useState(false)
  const onComplete = useRef(onCompleteChange)
  onComplete.current = onCompleteChange

  // Stripe wants a positive amount to show the form; the real one follows through update()
  const amount = amountMinor && amountMinor > 0n ? Number(amountMinor) : 100
  const stripe = stripeJs.data

  // Mounting Stripe's form is DOM work with a cleanup, not data loading: an effect is the place.
  useEffect(() => {
    if (!stripe || !container.current) return
    const appearance = {
      theme: "stripe" as const,
      variables: { colorPrimary: config.theme.primary_color, borderRadius: "8px", fontSizeBase: "14px" },
    }
    const options: StripeElementsOptions =
      intent === "payment"
        ? {
            mode: "payment",
            amount,
            currency: currency.toLowerCase(),
            paymentMethodTypes: [type],
            captureMethod: "manual",
            ...(saveForLater ? { setupFutureUsage: "off_session" as const } : {}),
            appearance,
          }
        : { mode: "setup", currency: currency.toLowerCase(), paymentMethodTypes: [type], appearance }
    const elements = stripe.elements(options)
    const element = elements.create("payment", { layout: "tabs" })
    element.on("ready", () => setReady(true))
    element.on("change", (event) => onComplete.current?.(event.complete))
    element.mount(container.current)
    elementsRef.current = elements
    return () => {
      element.destroy()
      elementsRef.current = null
      setReady(false)
      onComplete.current?.(false)
    }
    // amount and saveForLater change through update() below, without a new form
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stripe, intent, type, currency])

  useEffect(() => {
    if (intent !== "payment") return
    elementsRef.current?.update({ amount, setupFutureUsage: saveForLater ? "off_session" : null })
  }, [intent, amount, saveForLater, ready])

  useEffect(() => {
    elementsRef.current?.getElement("payment")?.update({ readOnly: disabled })
  }, [disabled, ready])

  useImperativeHandle(
    ref,
    () => {
      const mounted = () => {
        if (!stripe || !elementsRef.current) throw new Error("The payment form is still loading. Please wait a moment.")
        return { stripe, elements: elementsRef.current }
      }
      const step = async (run: () => Promise<{ error?: { message?: string } }>): Promise<StripeStepResult> => {
        const { error: stripeError } = await run()
        return { error: stripeError ? stripeErrorMessage(stripeError) : null }
      }
      return {
        submit: async () => {
          const { elements } = mounted()
          return step(() => elements.submit())
        },
        confirmPayment: async (clientSecret) => {
          const { stripe, elements } = mounted()
          return step(() =>
            stripe.confirmPayment({
              elements,
              clientSecret,
              redirect: "if_required",
              confirmParams: { return_url: window.location.href },
            })
          )
        },
        confirmSetup: async (clientSecret) => {
          const { stripe, elements } = mounted()
          return step(() =>
            stripe.confirmSetup({
              elements,
              clientSecret,
              redirect: "if_required",
              confirmParams: { return_url: window.location.href },
            })
          )
        },
      }
    },
    [stripe]
  )

  const errorId = `${id}-stripe-error`
  return (
    <div className="flex flex-col gap-y-2">
      {stripeJs.isPending && <LoadingState label="Loading the secure payment form…" />}
      {stripeJs.isError && (
        <ErrorState error={stripeJs.error} title="The payment form could not be loaded" onRetry={() => void stripeJs.refetch()} />
      )}
      {stripe && !ready && <LoadingState label="Loading the secure payment form…" />}
      <div
        ref={container}
        id={`${id}-stripe-element`}
        data-testid="stripe-payment-element"
        aria-describedby={error ? errorId : undefined}
        className={ready ? "min-h-[3rem]" : undefined}
      />
      {error && (
        <Text id={errorId} role="alert" size="small" weight="plus" className="text-ui-fg-error">
          {error}
        </Text>
      )}
      {stripe && (
        <Text size="small" className="text-ui-fg-subtle">
          {type === "card" ? "Card" : "Bank"} details go straight to Stripe, our payment processor; we never see or store
          the full number.
        </Text>
      )}
    </div>
  )
})

/** For React.lazy: method-entry loads this only on a Stripe portal. */
export default StripeElement
