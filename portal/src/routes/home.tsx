import { Container, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useAccount } from "../api/account"
import { CUSTOMER_PAUSED_TEXT } from "../../../src/domain/credit"
import { useCustomer } from "../api/customer"
import { useInvoices } from "../api/invoices"
import type { AccountAutopay, BillingAccount, Invoice } from "../api/types"
import { ActivityCalendar } from "../components/activity-calendar"
import { BalanceCard } from "../components/balance-card"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { ThemedButton } from "../components/themed-button"
import { formatDate, formatMoney, isPositive, isZero } from "../lib/money"
import { makePaymentPath } from "../lib/tabs"
import { useDocumentTitle } from "../lib/use-document-title"

export default function HomePage() {
  // the app shell renders pages only once the account is loaded
  const account = useAccount().data as BillingAccount
  const customer = useCustomer()
  const { settings, balances } = account
  useDocumentTitle("Home", settings.business_name)
  const firstName = customer.data?.first_name
  const canPay = settings.tabs.payments

  return (
    <>
      <PageHeading description={settings.business_name ? `Your account with ${settings.business_name}` : undefined}>
        {firstName ? `Welcome, ${firstName}` : "Welcome"}
      </PageHeading>

      {settings.home_content && (
        <Container className="mb-8">
          {/* sanitised when the admin saves it (sanitize-html); the page's CSP still applies */}
          <div className="portal-rich-text" dangerouslySetInnerHTML={{ __html: settings.home_content }} />
        </Container>
      )}

      <section aria-labelledby="balance-heading" className="mb-8">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="balance-heading" className="h2-core text-portal-on-background">
            Your balance
          </h2>
          {/* nothing owed anywhere: paying is for a business that takes payments ahead (credit) */}
          {canPay && balances.length > 0 && (settings.allow_prepayment || balances.some((b) => isPositive(b.total_balance))) && (
            <ThemedButton asChild size="large" className="w-full sm:w-auto">
              <Link to={makePaymentPath()}>Make a payment</Link>
            </ThemedButton>
          )}
        </div>
        {balances.length === 0 ? (
          <Container className="flex flex-col gap-y-1">
            <Text weight="plus">No invoices yet</Text>
            <Text className="text-ui-fg-subtle">
              When {settings.business_name || "we"} {settings.business_name ? "sends" : "send"} you an invoice, what you owe shows here.
            </Text>
          </Container>
        ) : (
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            {balances.map((balance) => (
              <BalanceCard key={balance.currency_code} balance={balance} />
            ))}
          </div>
        )}
      </section>

      <AutopaySummary autopay={account.autopay} account={account} />

      {/* no invoices ever (no balance in any currency): nothing to put on a calendar */}
      {balances.length > 0 && <ActivityCalendar account={account} />}
    </>
  )
}

/** When the customer is enrolled: what autopay charges, and the next invoice it will charge. */
function AutopaySummary({ autopay, account }: { autopay: AccountAutopay; account: BillingAccount }) {
  const active = autopay.status === "active"
  const canListInvoices = account.settings.tabs.invoices
  const upcoming = useInvoices(
    { status: ["open", "partially_paid"], order: "due_at", limit: 20 },
    { enabled: active && canListInvoices }
  )
  if (autopay.status !== "active" && autopay.status !== "paused") return null

  return (
    <section aria-labelledby="autopay-heading" className="mb-8">
      <h2 id="autopay-heading" className="h2-core text-portal-on-background mb-3">
        Autopay
      </h2>
      <Container className="flex flex-col gap-y-2">
        {active ? (
          <Text>
            Autopay is on
            {autopay.payment_method_label ? <> with {autopay.payment_method_label}</> : null}
            {autopay.max_amount !== null && autopay.max_amount_currency_code ? (
              <>, up to {formatMoney(autopay.max_amount, autopay.max_amount_currency_code)} a charge</>
            ) : null}
            .
          </Text>
        ) : (
          <Text>
            {autopay.pause_reason === CUSTOMER_PAUSED_TEXT
              ? "You paused autopay. Invoices are not charged until you turn it on again."
              : `Autopay is paused${autopay.pause_reason ? `: ${autopay.pause_reason}` : ""}. Invoices are not charged until it is turned on again.`}
          </Text>
        )}
        {active && canListInvoices && (
          upcoming.isPending ? (
            <LoadingState label="Looking for the next charge…" />
          ) : upcoming.isError ? (
            <ErrorState error={upcoming.error} title="The next charge could not be loaded" onRetry={() => upcoming.refetch()} />
          ) : (
            <NextCharge invoices={upcoming.data.invoices} chargeOn={account.settings.autopay.charge_on} />
          )
        )}
      </Container>
    </section>
  )
}

/**
 * The first open invoice autopay will take (oldest first by due date, none
 * with a payment already in flight), and when: its due date, or its issue
 * date when the business charges on issue; "at the next run" once that day
 * has come.
 */
function NextCharge({ invoices, chargeOn }: { invoices: Invoice[]; chargeOn: "due_date" | "issue_date" }) {
  const next = invoices.find((invoice) => isZero(invoice.amount_pending))
  if (!next) {
    return <Text className="text-ui-fg-subtle">No invoice is waiting to be charged.</Text>
  }
  const chargeDate = chargeOn === "issue_date" ? next.issued_at : next.due_at ?? next.issued_at
  const when =
    chargeDate && new Date(chargeDate).getTime() > Date.now() ? `on ${formatDate(chargeDate)}` : "at the next autopay run"
  return (
    <Text data-testid="next-autopay-charge">
      Next charge: <span className="font-medium">{formatMoney(next.amount_due, next.currency_code)}</span> for
      invoice <span className="whitespace-nowrap">{next.number}</span>, {when}.
    </Text>
  )
}
