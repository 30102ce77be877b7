import { Label, Text } from "@medusajs/ui"
import { lazy, Suspense, useMemo, useRef, useState, type ReactNode } from "react"
import type { PaymentMethodType } from "../../api/types"
import { usesStripe } from "../../config"
import { FormField } from "../form-field"
import { LoadingState } from "../page-state"
import { Radio } from "./choice"
import type { StripeElementHandle } from "./stripe-element"

// Stripe's form is its own chunk: a sandbox portal never downloads it
const StripeElement = lazy(() => import("./stripe-element"))

/**
 * What the customer has entered so far. `data` is what goes into
 * `payment_method.data` (sandbox: `{ number }` for a card, `{ account_number,
 * routing_number }` for ACH); `complete` is false while something is missing
 * or malformed, and the parent must not pay then.
 */
export type MethodEntryValue = {
  type: PaymentMethodType
  data?: Record<string, unknown>
  complete: boolean
  /**
   * Set when Stripe's Payment Element takes these details (no `data`): the
   * parent submits it before creating the payment and confirms the payment's
   * `next_action` through it (components/payment/stripe-steps.ts).
   */
  stripe?: StripeElementHandle
}

export type MethodEntryProps = {
  /** prefix for the element ids (two entries can share a page) */
  id: string
  /** the method types the business offers (`settings.payment_methods`), in that order */
  offered: PaymentMethodType[]
  /** called on every change with the details as they are now */
  onChange: (value: MethodEntryValue) => void
  /** show each field's problem even before the customer has left it (after a Pay attempt) */
  showErrors?: boolean
  /** a problem with these details as a whole (a decline with the provider's reason), shown under them */
  error?: string
  disabled?: boolean
  /**
   * What Stripe's Payment Element needs to show (a Stripe portal only):
   * whether it pays now or saves the method, the currency, and for a payment
   * its amount in minor units and whether the method is kept for autopay.
   */
  stripe?: { intent: "payment" | "setup"; currency: string; amountMinor?: bigint; saveForLater?: boolean }
}

/**
 * New payment details: the provider-specific entry, behind one component.
 * With the sandbox provider these are plain fields for the test details of
 * DESIGN sec. 6. A Stripe implementation renders Stripe's Payment Element
 * here instead and reports `{ type, complete }` through the same `onChange`
 * (no `data`: the client confirms the payment's `next_action` with
 * Stripe.js); the pages around it do not change.
 */
export function MethodEntry({ id, offered, onChange, showErrors = false, error, disabled, stripe }: MethodEntryProps) {
  const [type, setType] = useState<PaymentMethodType>(offered[0] ?? "card")
  const stripeElement = useRef<StripeElementHandle>(null)
  // one stable handle for the parent, whatever element is mounted when it is used
  const stripeHandle = useMemo<StripeElementHandle>(
    () => ({
      submit: () => mountedStripe(stripeElement.current).submit(),
      confirmPayment: (secret) => mountedStripe(stripeElement.current).confirmPayment(secret),
      confirmSetup: (secret) => mountedStripe(stripeElement.current).confirmSetup(secret),
    }),
    []
  )
  const withStripe = usesStripe(type)
  const [fields, setFields] = useState({ number: "", account_number: "", routing_number: "" })
  const [touched, setTouched] = useState<Record<string, boolean>>({})

  const problems = fieldProblems(type, fields)
  const report = (nextType: PaymentMethodType, next: typeof fields) => {
    if (usesStripe(nextType)) {
      // Stripe's element reports when its details are complete (onCompleteChange)
      onChange({ type: nextType, complete: false, stripe: stripeHandle })
      return
    }
    const issues = fieldProblems(nextType, next)
    onChange({
      type: nextType,
      data:
        nextType === "card"
          ? { number: digits(next.number) }
          : { account_number: digits(next.account_number), routing_number: digits(next.routing_number) },
      complete: Object.keys(issues).length === 0,
    })
  }
  const setField = (name: keyof typeof fields, value: string) => {
    const next = { ...fields, [name]: value }
    setFields(next)
    report(type, next)
  }
  const shown = (name: keyof typeof fields) => (showErrors || touched[name] ? problems[name] : undefined)
  const blur = (name: string) => () => setTouched((t) => ({ ...t, [name]: true }))
  const errorId = `${id}-error`

  return (
    <div className="flex flex-col gap-y-4" aria-describedby={error && !withStripe ? errorId : undefined}>
      {offered.length > 1 && (
        <fieldset className="flex flex-col gap-y-2">
          <legend className="txt-compact-small-plus text-ui-fg-base mb-2">Pay with</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            {offered.map((option) => (
              <div key={option} className="flex items-center gap-x-2">
                <Radio
                  name={`${id}-type`}
                  value={option}
                  id={`${id}-type-${option}`}
                  checked={type === option}
                  disabled={disabled}
                  onChange={() => {
                    setType(option)
                    report(option, fields)
                  }}
                />
                <Label htmlFor={`${id}-type-${option}`}>{option === "card" ? "Card" : "Bank account (ACH)"}</Label>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      {withStripe ? (
        <Suspense fallback={<LoadingState label="Loading the secure payment form…" />}>
          <StripeElement
            ref={stripeElement}
            id={id}
            intent={stripe?.intent ?? "payment"}
            type={type}
            currency={stripe?.currency ?? "usd"}
            amountMinor={stripe?.amountMinor}
            saveForLater={stripe?.saveForLater}
            error={error}
            disabled={disabled}
            onCompleteChange={(complete) => onChange({ type, complete, stripe: stripeHandle })}
          />
        </Suspense>
      ) : type === "card" ? (
        <>
          <FormField
            id={`${id}-card-number`}
            label="Card number"
            inputMode="numeric"
            autoComplete="cc-number"
            value={fields.number}
            disabled={disabled}
            error={shown("number")}
            onChange={(e) => setField("number", e.target.value)}
            onBlur={blur("number")}
          />
          <TestModeHint
            id={`${id}-card-hint`}
            items={[
              ["4242 4242 4242 4242", "is approved"],
              ["4000 0000 0000 0002", "is declined"],
              ["4000 0025 0000 3155", "asks you to confirm with your bank"],
            ]}
          >
            Test mode cards:
          </TestModeHint>
        </>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <FormField
              id={`${id}-routing-number`}
              label="Routing number"
              inputMode="numeric"
              autoComplete="off"
              value={fields.routing_number}
              disabled={disabled}
              error={shown("routing_number")}
              onChange={(e) => setField("routing_number", e.target.value)}
              onBlur={blur("routing_number")}
            />
            <FormField
              id={`${id}-account-number`}
              label="Account number"
              inputMode="numeric"
              autoComplete="off"
              value={fields.account_number}
              disabled={disabled}
              error={shown("account_number")}
              onChange={(e) => setField("account_number", e.target.value)}
              onBlur={blur("account_number")}
            />
          </div>
          <TestModeHint
            items={[
              ["000123456789", "settles"],
              ["000111111113", "fails"],
              ["000555555559", "settles and is then returned"],
            ]}
          >
            Test mode: routing number 110000000; accounts:
          </TestModeHint>
        </>
      )}
      {error && !withStripe && (
        <Text id={errorId} role="alert" className="text-ui-fg-error" weight="plus">
          {error}
        </Text>
      )}
    </div>
  )
}

/**
 * The sandbox's test details, one a line: numbers are easier to find and
 * copy in a list than in a sentence (and no one block of small print
 * outweighs the page's heading as the largest text painted).
 */
function TestModeHint({ id, items, children }: { id?: string; items: [string, string][]; children: ReactNode }) {
  return (
    <div id={id} className="txt-small text-ui-fg-subtle">
      <p>{children}</p>
      <ul className="mt-0.5 flex flex-col gap-y-0.5">
        {items.map(([value, outcome]) => (
          <li key={value}>
            <span className="tabular-nums">{value}</span> {outcome}
          </li>
        ))}
      </ul>
    </div>
  )
}

function mountedStripe(element: StripeElementHandle | null): StripeElementHandle {
  if (!element) throw new Error("The payment form is still loading. Please wait a moment.")
  return element
}

const digits = (value: string) => value.replace(/[\s-]/g, "")

function fieldProblems(
  type: PaymentMethodType,
  fields: { number: string; account_number: string; routing_number: string }
): Partial<Record<"number" | "account_number" | "routing_number", string>> {
  const out: Partial<Record<"number" | "account_number" | "routing_number", string>> = {}
  if (type === "card") {
    const number = digits(fields.number)
    if (!number) out.number = "Enter the card number"
    else if (!/^\d{12,19}$/.test(number)) out.number = "A card number is 12 to 19 digits"
  } else {
    const routing = digits(fields.routing_number)
    const account = digits(fields.account_number)
    if (!routing) out.routing_number = "Enter the routing number"
    else if (!/^\d{9}$/.test(routing)) out.routing_number = "A routing number is 9 digits"
    if (!account) out.account_number = "Enter the account number"
    else if (!/^\d{4,17}$/.test(account)) out.account_number = "An account number is 4 to 17 digits"
  }
  return out
}
