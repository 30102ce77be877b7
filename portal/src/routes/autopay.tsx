import { zodResolver } from "@hookform/resolvers/zod"
import { Alert, Button, Container, Label, Prompt, Text, clx } from "@medusajs/ui"
import { useState } from "react"
import { useForm, type UseFormSetError } from "react-hook-form"
import { Link } from "react-router-dom"
import * as z from "zod/mini"
import { MoneyError, toMajor, toMinor } from "../../../src/domain/money"
import { CUSTOMER_PAUSED_TEXT, PAYMENT_METHOD_UNAVAILABLE_TEXT } from "../../../src/domain/credit"
import {
  nextAutopayCharge,
  useAutopay,
  useCancelAutopay,
  usePauseAutopay,
  usePaymentMethods,
  useUpcomingInvoices,
  useUpdateAutopay,
} from "../api/autopay"
import { useAccount } from "../api/account"
import type { AutopayEnrollment, BillingAccount, Invoice, PublicPortalSettings, SavedPaymentMethod } from "../api/types"
import { FormField } from "../components/form-field"
import { PAGE_INTROS } from "../../../src/api/hosted-portal/first-frame"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { ThemedButton } from "../components/themed-button"
import { errorMessage } from "../lib/errors"
import { formatDate, formatMoney } from "../lib/money"
import { PAGE_PATHS, TAB_PATHS } from "../lib/tabs"
import { useDocumentTitle } from "../lib/use-document-title"

const STATUS_WORDS = { active: "Active", paused: "Paused", canceled: "Canceled" } as const

export function methodLabel(method: SavedPaymentMethod): string {
  const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
  const last4 = method.last4 ? ` •••• ${method.last4}` : ""
  return method.type === "card" ? `${capitalized(method.brand ?? "Card")}${last4}` : `${method.bank_name ?? "Bank account"}${last4}`
}

/** When autopay charges and what warning comes first, in words (portal settings, DESIGN sec. 9). */
export function chargeRuleText(autopay: PublicPortalSettings["autopay"]): string {
  const when =
    autopay.charge_on === "issue_date"
      ? "Autopay charges each invoice on the day it is issued."
      : "Autopay charges each invoice on its due date."
  const days = autopay.pre_debit_notice_days
  const notice =
    days > 0
      ? ` We email you ${days} ${days === 1 ? "day" : "days"} before each charge, so you can check the amount first.`
      : ""
  return `${when}${notice}`
}

/** Whether one charge of `amount` would be above the customer's limit (same currency only; exact, in minor units). */
function aboveLimit(enrollment: AutopayEnrollment, invoice: Invoice): boolean {
  if (enrollment.max_amount === null || enrollment.max_amount_currency_code?.toLowerCase() !== invoice.currency_code.toLowerCase()) {
    return false
  }
  try {
    return toMinor(invoice.amount_due, invoice.currency_code) > toMinor(enrollment.max_amount, invoice.currency_code)
  } catch {
    return false
  }
}

export default function AutopayPage() {
  // the app shell renders pages only once the account is loaded
  const account = useAccount().data as BillingAccount
  const { settings } = account
  useDocumentTitle("Autopay", settings.business_name)
  const autopay = useAutopay()
  const [notice, setNotice] = useState<string | null>(null)

  return (
    <>
      <PageHeading description={PAGE_INTROS.autopay.description}>{PAGE_INTROS.autopay.title}</PageHeading>
      <div role="status" aria-live="polite">
        {notice && (
          <Alert variant="success" className="mb-6">
            {notice}
          </Alert>
        )}
      </div>
      {autopay.isPending ? (
        <LoadingState label="Loading your autopay…" />
      ) : autopay.isError ? (
        <ErrorState error={autopay.error} title="Your autopay could not be loaded" onRetry={() => autopay.refetch()} />
      ) : (
        <>
          <CurrentEnrollment
            enrollment={autopay.data.status === "none" ? null : autopay.data}
            settings={settings}
            onChanged={setNotice}
          />
          <EnrollForm
            key={autopay.data.status === "none" ? "none" : `${autopay.data.id}-${autopay.data.consented_at}`}
            enrollment={autopay.data.status === "none" ? null : autopay.data}
            terms={autopay.data.current_terms}
            account={account}
            onSaved={(message) => setNotice(message)}
          />
        </>
      )}
    </>
  )
}

function CurrentEnrollment({
  enrollment,
  settings,
  onChanged,
}: {
  enrollment: AutopayEnrollment | null
  settings: PublicPortalSettings
  onChanged: (message: string) => void
}) {
  const live = enrollment && enrollment.status !== "canceled"
  const methodGone = enrollment?.status === "paused" && enrollment.pause_reason === PAYMENT_METHOD_UNAVAILABLE_TEXT
  return (
    <section aria-labelledby="current-autopay-heading" className="mb-8">
      <h2 id="current-autopay-heading" className="h2-core text-portal-on-background mb-3">
        Your autopay
      </h2>
      <Container className="flex flex-col gap-y-4 px-4 py-5 sm:px-6" data-testid="current-autopay">
        {!enrollment ? (
          <div className="flex flex-col gap-y-1">
            <Text weight="plus">Autopay is off</Text>
            <Text className="text-ui-fg-subtle">
              You pay each invoice yourself. Turn autopay on below to have invoices charged to a saved card or bank account.
            </Text>
          </div>
        ) : (
          <>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
              <Detail label="Status">
                <span className={clx("font-medium", enrollment.status === "paused" && "text-ui-fg-error")}>
                  {STATUS_WORDS[enrollment.status]}
                </span>
                {enrollment.status === "paused" && (
                  <span className="text-ui-fg-subtle block">
                    {pauseReasonText(enrollment.pause_reason)}Nothing is charged until you turn it on again below.
                  </span>
                )}
              </Detail>
              <Detail label="Pays with">
                {enrollment.payment_method_label ?? "A saved payment method"}
                {methodGone && <span className="text-ui-fg-subtle block">No longer available: choose another below.</span>}
              </Detail>
              <Detail label="Most it charges at once">
                {enrollment.max_amount !== null && enrollment.max_amount_currency_code
                  ? formatMoney(enrollment.max_amount, enrollment.max_amount_currency_code)
                  : "No limit"}
              </Detail>
              <Detail label="You agreed on">{formatDate(enrollment.consented_at)}</Detail>
              <Detail label="Terms version">{enrollment.terms_version}</Detail>
              {enrollment.status === "active" && (
                <Detail label="Next charge">
                  <NextCharge enrollment={enrollment} settings={settings} />
                </Detail>
              )}
            </dl>
            <Text size="small" className="text-ui-fg-subtle">
              {chargeRuleText(settings.autopay)}
            </Text>
            {live && <ManageAutopay enrollment={enrollment} onChanged={onChanged} />}
          </>
        )}
      </Container>
    </section>
  )
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-y-0.5">
      <dt className="txt-compact-small text-ui-fg-subtle">{label}</dt>
      <dd className="txt-medium text-ui-fg-base break-words">{children}</dd>
    </div>
  )
}

function NextCharge({ enrollment, settings }: { enrollment: AutopayEnrollment; settings: PublicPortalSettings }) {
  const canList = settings.tabs.invoices
  const upcoming = useUpcomingInvoices(canList)
  if (!canList) return <>{settings.autopay.charge_on === "issue_date" ? "Each new invoice, when it is issued" : "Each invoice, on its due date"}</>
  if (upcoming.isPending) return <span className="text-ui-fg-subtle">Looking for the next charge…</span>
  if (upcoming.isError) return <span className="text-ui-fg-error">The next charge could not be loaded: {errorMessage(upcoming.error)}</span>
  const next = nextAutopayCharge(upcoming.data.invoices, settings.autopay.charge_on)
  if (!next) return <>No invoice is waiting to be charged.</>
  const { invoice } = next
  return (
    <span data-testid="autopay-next-charge">
      {formatMoney(invoice.amount_due, invoice.currency_code)} for{" "}
      <Link className="portal-link whitespace-nowrap" to={PAGE_PATHS.invoice(invoice.id)}>
        invoice {invoice.number}
      </Link>
      , {next.date ? `on ${formatDate(next.date)}` : "at the next autopay run"}.
      {aboveLimit(enrollment, invoice) && (
        <span className="text-ui-fg-error block">This is above your limit, so it will not be charged: please pay it yourself.</span>
      )}
    </span>
  )
}

/** Pause (an active enrollment) and cancel, each after a confirmation. */
function ManageAutopay({ enrollment, onChanged }: { enrollment: AutopayEnrollment; onChanged: (message: string) => void }) {
  const pause = usePauseAutopay()
  const cancel = useCancelAutopay()
  return (
    <div className="flex flex-col gap-y-2">
      <div className="flex flex-col gap-2 sm:flex-row">
        {enrollment.status === "active" && (
          <ConfirmedAction
            label="Pause autopay"
            title="Pause autopay?"
            description="Nothing is charged automatically while autopay is paused; your card or bank account and your limit stay saved. Turn it on again below whenever you like."
            keep="Keep autopay on"
            // the enrollment (and this button) changes once it succeeds: mutate's own callbacks would be dropped
            onConfirm={() =>
              pause.mutateAsync().then(
                () => onChanged("Autopay is paused. Nothing is charged automatically until you turn it on again."),
                () => undefined
              )
            }
          />
        )}
        <ConfirmedAction
          label="Cancel autopay"
          title="Cancel autopay?"
          description="Nothing more will be charged automatically. You can pay invoices yourself, and turn autopay on again at any time."
          keep="Keep autopay"
          onConfirm={() => cancel.mutateAsync().then(() => onChanged("Autopay is off. Nothing more will be charged automatically."), () => undefined)}
        />
      </div>
      {pause.isPending && <LoadingState label="Pausing autopay…" />}
      {cancel.isPending && <LoadingState label="Canceling autopay…" />}
      {pause.isError && (
        <Alert variant="error" role="alert">
          Autopay could not be paused: {errorMessage(pause.error)}
        </Alert>
      )}
      {cancel.isError && (
        <Alert variant="error" role="alert">
          Autopay could not be canceled: {errorMessage(cancel.error)}
        </Alert>
      )}
    </div>
  )
}

function ConfirmedAction(props: { label: string; title: string; description: string; keep: string; onConfirm: () => void }) {
  const [open, setOpen] = useState(false)
  return (
    <Prompt open={open} onOpenChange={setOpen}>
      <Prompt.Trigger asChild>
        <Button variant="secondary" type="button" className="w-full sm:w-fit">
          {props.label}
        </Button>
      </Prompt.Trigger>
      <Prompt.Content className="w-[calc(100%-2rem)]">
        <Prompt.Header>
          <Prompt.Title>{props.title}</Prompt.Title>
          <Prompt.Description>{props.description}</Prompt.Description>
        </Prompt.Header>
        <Prompt.Footer>
          <Prompt.Cancel>{props.keep}</Prompt.Cancel>
          <Prompt.Action onClick={props.onConfirm}>{props.label}</Prompt.Action>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}

// ------------------------------------------------------------------ the form

type AutopayValues = { payment_method_id: string; max_amount: string; currency: string; consent: boolean }

function schemaFor() {
  return z
    .object({
      payment_method_id: z.string().check(z.minLength(1, "Choose the card or bank account to charge")),
      max_amount: z.string().check(z.trim()),
      currency: z.string(),
      consent: z.boolean().check(z.refine((v) => v === true, "Tick the box to agree to the autopay terms")),
    })
    .check(
      z.superRefine((values, ctx) => {
        if (values.max_amount === "") return
        const problem = limitProblem(values.max_amount, values.currency)
        if (problem) ctx.issues.push({ code: "custom", message: problem, path: ["max_amount"], input: values.max_amount })
      })
    )
}

/** The limit as the API takes it: a positive amount, exact in the currency (no more decimals than it has). */
function limitProblem(value: string, currency: string): string | null {
  if (!/^\d+(\.\d+)?$/.test(value)) return "Enter an amount like 250 or 250.00, or leave it empty for no limit"
  if (!/[1-9]/.test(value)) return "Enter an amount above zero, or leave it empty for no limit"
  try {
    toMinor(value, currency, "The limit")
    return null
  } catch (e) {
    if (e instanceof MoneyError) return e.message
    throw e
  }
}

/** The API names the field it refuses (`max_amount …`, `payment_method_id: …`); its message goes there. */
function placeApiError(error: unknown, setError: UseFormSetError<AutopayValues>): boolean {
  const message = errorMessage(error)
  const field: keyof AutopayValues | undefined = message.startsWith("max_amount")
    ? "max_amount"
    : message.startsWith("payment_method_id")
      ? "payment_method_id"
      : message.startsWith("consent") || message.startsWith("terms_version")
        ? "consent"
        : undefined
  if (!field) return false
  setError(field, { type: "server", message: message.replace(/^(payment_method_id|terms_version):\s*/, "") })
  return true
}

/** The current limit as the field shows it: exact, with the currency's decimals ("150.50"). */
function limitText(enrollment: AutopayEnrollment | null): string {
  if (!enrollment || enrollment.max_amount === null || !enrollment.max_amount_currency_code) return ""
  try {
    const currency = enrollment.max_amount_currency_code
    return toMajor(toMinor(enrollment.max_amount, currency), currency)
  } catch {
    return String(enrollment.max_amount)
  }
}

function EnrollForm({
  enrollment,
  terms,
  account,
  onSaved,
}: {
  enrollment: AutopayEnrollment | null
  terms: { allowed: boolean; terms_version: string; terms_text: string }
  account: BillingAccount
  onSaved: (message: string) => void
}) {
  const { settings } = account
  const methodsOn = settings.tabs.payment_methods
  const methods = usePaymentMethods({ enabled: methodsOn })
  const live = enrollment && enrollment.status !== "canceled" ? enrollment : null
  const heading = !live ? "Turn on autopay" : live.status === "paused" ? "Turn autopay on again" : "Change autopay"
  const offered = (methods.data?.payment_methods ?? []).filter((m) => settings.payment_methods.includes(m.type))

  return (
    <section aria-labelledby="autopay-form-heading">
      <h2 id="autopay-form-heading" className="h2-core text-portal-on-background mb-3">
        {heading}
      </h2>
      <Container className="px-4 py-5 sm:px-6">
        {!methodsOn ? (
          <Text>
            Saved payment methods are not offered in this portal, so autopay cannot be set up here.
            {settings.support_email ? (
              <>
                {" "}
                Email{" "}
                <a className="portal-link" href={`mailto:${settings.support_email}`}>
                  {settings.support_email}
                </a>{" "}
                for help.
              </>
            ) : null}
          </Text>
        ) : methods.isPending ? (
          <LoadingState label="Loading your saved payment methods…" />
        ) : methods.isError ? (
          <ErrorState error={methods.error} title="Your saved payment methods could not be loaded" onRetry={() => methods.refetch()} />
        ) : offered.length === 0 ? (
          <div className="flex flex-col gap-y-2">
            <Text weight="plus">No saved card or bank account</Text>
            <Text>
              Autopay charges a saved payment method.{" "}
              <Link className="portal-link" to={TAB_PATHS.payment_methods}>
                Add a card or bank account first
              </Link>
              , then come back here.
            </Text>
          </div>
        ) : (
          <AutopayForm live={live} methods={offered} terms={terms} account={account} onSaved={onSaved} />
        )}
      </Container>
    </section>
  )
}

/** The form itself, once the saved methods are known (the only one is chosen already). */
function AutopayForm({
  live,
  methods: offered,
  terms,
  account,
  onSaved,
}: {
  live: AutopayEnrollment | null
  methods: SavedPaymentMethod[]
  terms: { allowed: boolean; terms_version: string; terms_text: string }
  account: BillingAccount
  onSaved: (message: string) => void
}) {
  const { settings } = account
  const update = useUpdateAutopay()
  const [formError, setFormError] = useState<string | null>(null)

  // the limit is in one of the customer's currencies (the store checks it is one it accepts)
  const currencies = [
    ...new Set([
      ...(live?.max_amount_currency_code ? [live.max_amount_currency_code.toLowerCase()] : []),
      ...account.balances.map((b) => b.currency_code.toLowerCase()),
    ]),
  ]
  const form = useForm<AutopayValues>({
    resolver: zodResolver(schemaFor()),
    defaultValues: {
      payment_method_id: live?.payment_method_id ?? (offered.length === 1 ? offered[0].id : ""),
      max_amount: limitText(live),
      currency: live?.max_amount_currency_code?.toLowerCase() ?? currencies[0] ?? "",
      consent: false,
    },
  })
  const errors = form.formState.errors
  const currency = form.watch("currency")
  const submitLabel = !live ? "Turn on autopay" : live.status === "paused" ? "Turn autopay on again" : "Save changes"

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null)
    const limit = values.max_amount === "" ? null : values.max_amount
    // mutateAsync, not mutate's callbacks: a saved consent remounts this form (see its key), and
    // callbacks given to mutate() are dropped once the component that called it is gone
    try {
      const saved = await update.mutateAsync({
        payment_method_id: values.payment_method_id,
        consent: true,
        terms_version: terms.terms_version,
        max_amount: limit,
        max_amount_currency_code: limit === null ? null : values.currency,
      })
      if (saved.status === "none") return
      const cap =
        saved.max_amount !== null && saved.max_amount_currency_code
          ? `, up to ${formatMoney(saved.max_amount, saved.max_amount_currency_code)} a charge`
          : ""
      onSaved(`Autopay is on with ${saved.payment_method_label ?? "your saved method"}${cap}.`)
    } catch (error) {
      if (!placeApiError(error, form.setError)) setFormError(errorMessage(error))
    }
  })

  return (
          <form noValidate onSubmit={onSubmit} className="flex flex-col gap-y-6" aria-labelledby="autopay-form-heading">
            <fieldset
              className="flex flex-col gap-y-2"
              aria-describedby={errors.payment_method_id ? "payment_method_id-error" : undefined}
            >
              <legend className="txt-compact-small-plus text-ui-fg-base mb-2">Charge this payment method</legend>
              {offered.map((method) => (
                <label
                  key={method.id}
                  className="border-ui-border-base has-[:checked]:border-portal-primary has-[:focus-visible]:shadow-borders-focus flex min-h-11 cursor-pointer items-center gap-x-3 rounded-md border px-3 py-2"
                >
                  <input
                    type="radio"
                    value={method.id}
                    className="accent-portal-primary h-4 w-4 shrink-0"
                    {...form.register("payment_method_id")}
                  />
                  <span className="txt-compact-medium text-ui-fg-base">{methodLabel(method)}</span>
                  {method.expires && <span className="txt-compact-small text-ui-fg-subtle ml-auto">expires {method.expires}</span>}
                </label>
              ))}
              {errors.payment_method_id && (
                <Text id="payment_method_id-error" size="small" className="text-ui-fg-error">
                  {errors.payment_method_id.message}
                </Text>
              )}
              <Link className="portal-link txt-compact-small w-fit" to={TAB_PATHS.payment_methods}>
                Add another card or bank account
              </Link>
            </fieldset>

            {currencies.length > 0 && (
              <div className="flex flex-col gap-y-2">
                <div className="flex items-end gap-x-2 sm:max-w-sm">
                  <div className="min-w-0 flex-1">
                    <FormField
                      id="max_amount"
                      label="Most to charge at once (optional)"
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder="No limit"
                      error={errors.max_amount?.message}
                      {...form.register("max_amount")}
                    />
                  </div>
                  {currencies.length > 1 ? (
                    <div className={clx("flex flex-col gap-y-1.5", errors.max_amount && "mb-7")}>
                      <Label htmlFor="max_amount_currency" className="sr-only">
                        Currency of the limit
                      </Label>
                      <select
                        id="max_amount_currency"
                        className="bg-ui-bg-field shadow-borders-base txt-compact-small text-ui-fg-base focus-visible:shadow-borders-interactive-with-active h-8 rounded-md px-2 outline-none"
                        {...form.register("currency")}
                      >
                        {currencies.map((code) => (
                          <option key={code} value={code}>
                            {code.toUpperCase()}
                          </option>
                        ))}
                      </select>
                    </div>
                  ) : (
                    <span className={clx("txt-compact-small text-ui-fg-subtle pb-2", errors.max_amount && "mb-7")}>
                      {currency.toUpperCase()}
                    </span>
                  )}
                </div>
                <Text size="small" className="text-ui-fg-subtle">
                  An invoice above this amount is not charged: you pay it yourself. Leave it empty for no limit.
                </Text>
              </div>
            )}

            <div className="flex flex-col gap-y-2">
              <h3 className="txt-compact-small-plus text-ui-fg-base" id="autopay-terms-heading">
                Autopay terms <span className="text-ui-fg-subtle font-normal">(version {terms.terms_version})</span>
              </h3>
              <div
                className="bg-ui-bg-subtle border-ui-border-base txt-small text-ui-fg-base max-h-64 overflow-y-auto whitespace-pre-wrap break-words rounded-md border px-3 py-2"
                aria-labelledby="autopay-terms-heading"
                role="region"
                tabIndex={0}
                data-testid="autopay-terms"
              >
                {terms.terms_text || "No separate terms: autopay charges your invoices as described above."}
              </div>
              {!live && (
                <Text size="small" className="text-ui-fg-subtle">
                  {chargeRuleText(settings.autopay)}
                </Text>
              )}
            </div>

            <div className="flex flex-col gap-y-1.5">
              <label className="flex cursor-pointer items-start gap-x-3">
                <input
                  type="checkbox"
                  className="accent-portal-primary mt-0.5 h-4 w-4 shrink-0"
                  aria-invalid={errors.consent ? true : undefined}
                  aria-describedby={errors.consent ? "consent-error" : undefined}
                  {...form.register("consent")}
                />
                <span className="txt-compact-medium text-ui-fg-base">
                  I agree to the autopay terms (version {terms.terms_version}) and authorise{" "}
                  {settings.business_name || "the business"} to charge the payment method above for my invoices.
                </span>
              </label>
              {errors.consent && (
                <Text id="consent-error" size="small" className="text-ui-fg-error pl-7">
                  {errors.consent.message}
                </Text>
              )}
            </div>

            {formError && (
              <Alert variant="error" role="alert">
                {formError}
              </Alert>
            )}
            <ThemedButton type="submit" size="large" className="w-full sm:w-fit" isLoading={update.isPending}>
              {submitLabel}
            </ThemedButton>
          </form>
  )
}

/** Why it is paused, as a sentence (the server words a reason mid-sentence: "payment … was returned"). */
function pauseReasonText(reason: string | null): string {
  if (!reason) return ""
  if (reason === CUSTOMER_PAUSED_TEXT) return "You paused autopay. "
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}. `
}
