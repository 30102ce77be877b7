import { Alert, Badge, Button, Container, Prompt, Text } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useEffect, useRef, useState, type FormEvent } from "react"
import { Link } from "react-router-dom"
import { newIdempotencyKey } from "../../../src/client/idempotency"
import { useAccount } from "../api/account"
import { billingKeys } from "../api/query-keys"
import { useCreatePaymentMethod, useDeletePaymentMethod, usePaymentMethods } from "../api/payments"
import type { BillingAccount, SavedPaymentMethod } from "../api/types"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { savedMethodLabel } from "../components/payment/labels"
import { MethodEntry, type MethodEntryValue } from "../components/payment/method-entry"
import { confirmStripeSetup, submitStripeDetails } from "../components/payment/stripe-steps"
import { ThemedButton } from "../components/themed-button"
import { errorMessage } from "../lib/errors"
import { PAGE_PATHS } from "../lib/tabs"
import { useDocumentTitle } from "../lib/use-document-title"

/** Saved cards and bank accounts: list, add, remove (DESIGN sec. 13). */
export default function PaymentMethodsPage() {
  const account = useAccount().data as BillingAccount
  const { settings, autopay } = account
  useDocumentTitle("Payment methods", settings.business_name)
  const methods = usePaymentMethods()
  const [adding, setAdding] = useState(false)
  const [added, setAdded] = useState<string>()
  const autopayMethodId = autopay.status === "active" || autopay.status === "paused" ? autopay.payment_method_id : null

  return (
    <>
      <PageHeading description="Cards and bank accounts you can pay with. Card and account numbers are kept by our payment provider, not by us.">
        Payment methods
      </PageHeading>
      <div className="flex flex-col gap-6">
        <section aria-labelledby="saved-heading">
          <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
            <h2 id="saved-heading" className="h2-core text-portal-on-background">
              Saved methods
            </h2>
            {!adding && settings.payment_methods.length > 0 && (
              <ThemedButton type="button" className="w-full sm:w-auto" onClick={() => { setAdding(true); setAdded(undefined) }}>
                Add payment method
              </ThemedButton>
            )}
          </div>
          {added && (
            <Alert variant="success" className="mb-3" role="status">
              {added} was saved.
            </Alert>
          )}
          {methods.isPending ? (
            <LoadingState label="Loading your payment methods…" />
          ) : methods.isError ? (
            <ErrorState error={methods.error} title="Your payment methods could not be loaded" onRetry={() => methods.refetch()} />
          ) : methods.data.payment_methods.length === 0 ? (
            <Container className="flex flex-col gap-y-1" data-testid="no-methods">
              <Text weight="plus">No saved payment methods</Text>
              <Text className="text-ui-fg-subtle">
                Add a card or bank account to pay faster{settings.autopay.allowed ? " or to turn on autopay" : ""}.
              </Text>
            </Container>
          ) : (
            <Container className="p-0">
              <ul className="divide-ui-border-base divide-y">
                {methods.data.payment_methods.map((method) => (
                  <MethodRow key={method.id} method={method} usedByAutopay={method.id === autopayMethodId} />
                ))}
              </ul>
            </Container>
          )}
        </section>

        {adding && (
          <AddMethod
            offered={settings.payment_methods}
            currency={account.balances[0]?.currency_code ?? "usd"}
            autopayAllowed={settings.autopay.allowed}
            onDone={(label) => {
              setAdding(false)
              setAdded(label)
            }}
            onCancel={() => setAdding(false)}
          />
        )}
      </div>
    </>
  )
}

function MethodRow({ method, usedByAutopay }: { method: SavedPaymentMethod; usedByAutopay: boolean }) {
  const remove = useDeletePaymentMethod()
  const [confirming, setConfirming] = useState(false)
  const label = savedMethodLabel(method)
  const errorId = `remove-error-${method.id}`
  return (
    <li className="flex flex-col gap-y-2 px-4 py-3 sm:px-6" data-testid="saved-method">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-y-0.5">
          <Text weight="plus" className="break-words">
            {label}
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {method.type === "card" ? "Card" : "Bank account (ACH)"}
            {method.expires ? ` · expires ${method.expires}` : ""}
          </Text>
        </div>
        <div className="flex items-center gap-x-3">
          {usedByAutopay && (
            <Badge color="blue" size="small">
              Used for autopay
            </Badge>
          )}
          <Button
            type="button"
            variant="secondary"
            size="small"
            isLoading={remove.isPending}
            aria-describedby={remove.isError ? errorId : undefined}
            onClick={() => {
              remove.reset()
              setConfirming(true)
            }}
          >
            Remove<span className="sr-only"> {label}</span>
          </Button>
        </div>
      </div>
      {remove.isError && (
        <Text id={errorId} role="alert" className="text-ui-fg-error">
          {errorMessage(remove.error)}
        </Text>
      )}
      <Prompt open={confirming} onOpenChange={setConfirming}>
        <Prompt.Content>
          <Prompt.Header>
            <Prompt.Title>Remove {label}?</Prompt.Title>
            <Prompt.Description>
              {usedByAutopay
                ? "Autopay uses this method. Change autopay's method or turn autopay off before removing it."
                : "You can add it again later."}
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>Keep it</Prompt.Cancel>
            {usedByAutopay ? (
              // the server refuses to remove it: the way forward instead of a Remove that cannot work
              <Button asChild size="small">
                <Link to={PAGE_PATHS.autopay}>Change autopay</Link>
              </Button>
            ) : (
              <Prompt.Action onClick={() => remove.mutate(method.id)}>Remove</Prompt.Action>
            )}
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </li>
  )
}

function AddMethod({
  offered,
  currency,
  autopayAllowed,
  onDone,
  onCancel,
}: {
  offered: BillingAccount["settings"]["payment_methods"]
  /** the currency Stripe's form is set up in (a Stripe portal) */
  currency: string
  autopayAllowed: boolean
  onDone: (label: string) => void
  onCancel: () => void
}) {
  const create = useCreatePaymentMethod()
  const [entry, setEntry] = useState<MethodEntryValue>({ type: offered[0] ?? "card", complete: false })
  const [submitted, setSubmitted] = useState(false)
  const attempt = useRef<{ key: string; signature: string } | null>(null)
  const inFlight = useRef(false)
  const queryClient = useQueryClient()
  const [stripeError, setStripeError] = useState<string>()
  const [confirming, setConfirming] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  // opened by "Add payment method": keyboard and screen-reader users continue in the form
  useEffect(() => heading.current?.focus(), [])

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    setStripeError(undefined)
    if (inFlight.current || !entry.complete) return
    inFlight.current = true
    if (entry.stripe) {
      try {
        await saveWithStripe(entry.stripe)
      } finally {
        inFlight.current = false
      }
      return
    }
    // one Idempotency-Key per attempt, sent again when the same details are retried after no answer
    const signature = JSON.stringify([entry.type, entry.data])
    if (attempt.current?.signature !== signature) attempt.current = { key: newIdempotencyKey(), signature }
    try {
      const result = await create.mutateAsync({ type: entry.type, data: entry.data, idempotencyKey: attempt.current.key })
      attempt.current = null
      const saved = result.payment_method
      onDone("status" in saved ? "Your payment method" : savedMethodLabel(saved))
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0
      if (status !== 0 && status < 500) attempt.current = null
    } finally {
      inFlight.current = false
    }
  }

  /**
   * Stripe: Stripe checks the details, the server creates a SetupIntent,
   * Stripe.js confirms it. When Stripe refuses the details the attempt's key
   * is kept, so the next Save confirms the same SetupIntent again.
   */
  const saveWithStripe = async (stripe: NonNullable<MethodEntryValue["stripe"]>) => {
    setConfirming(true)
    try {
      await submitStripeDetails(stripe)
      if (attempt.current?.signature !== entry.type) attempt.current = { key: newIdempotencyKey(), signature: entry.type }
      const result = await create.mutateAsync({ type: entry.type, idempotencyKey: attempt.current.key })
      await confirmStripeSetup(stripe, result.payment_method)
      attempt.current = null
      await queryClient.invalidateQueries({ queryKey: billingKeys.paymentMethods() })
      onDone(entry.type === "card" ? "Your card" : "Your bank account")
    } catch (error) {
      const status = (error as { status?: number }).status
      if (status !== undefined && status !== 0 && status < 500) attempt.current = null
      // Stripe's words, or the API's message, next to the form
      setStripeError(errorMessage(error))
    } finally {
      setConfirming(false)
    }
  }

  return (
    <section aria-labelledby="add-heading">
      <Container>
        <h2 ref={heading} tabIndex={-1} id="add-heading" className="txt-compact-large-plus text-ui-fg-base mb-3 outline-none">
          Add payment method
        </h2>
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-y-4">
          <MethodEntry
            id="add-method"
            offered={offered}
            onChange={(value) => {
              setEntry(value)
              setStripeError(undefined)
              create.reset()
            }}
            showErrors={submitted}
            error={stripeError ?? (create.isError ? errorMessage(create.error) : undefined)}
            disabled={create.isPending || confirming}
            stripe={{ intent: "setup", currency }}
          />
          {autopayAllowed && (
            <Text size="small" className="text-ui-fg-subtle">
              To pay bills automatically with it, turn on{" "}
              <Link className="portal-link" to={PAGE_PATHS.autopay}>
                autopay
              </Link>{" "}
              after saving.
            </Text>
          )}
          <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
            <Button type="button" variant="secondary" className="w-full sm:w-auto" onClick={onCancel} disabled={create.isPending || confirming}>
              Cancel
            </Button>
            <ThemedButton type="submit" className="w-full sm:w-auto" isLoading={create.isPending || confirming}>
              Save payment method
            </ThemedButton>
          </div>
        </form>
      </Container>
    </section>
  )
}
