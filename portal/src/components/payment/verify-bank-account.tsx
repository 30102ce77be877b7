import { Alert, Text } from "@medusajs/ui"
import { microdepositsAction } from "../../../../src/client/next-action"
import type { NextAction } from "../../../../src/client/types"

/**
 * A Stripe ACH debit waiting on micro-deposits: the bank account must be
 * verified on Stripe's hosted page (a new tab) before anything moves. The
 * page around it keeps following the payment, so it changes by itself once
 * the customer has done it.
 */
export function VerifyBankAccount({ nextAction }: { nextAction: NextAction | null | undefined }) {
  const action = microdepositsAction(nextAction)
  if (!action) return null
  return (
    <Alert variant="warning" data-testid="verify-bank-account">
      <div className="flex flex-col gap-y-2">
        <h2 className="txt-compact-medium-plus">Verify your bank account</h2>
        <Text size="small">
          Your bank will show one or two small deposits within 1–2 business days. Enter them on Stripe's secure page
          to finish this payment. Nothing is taken from your account until then.
        </Text>
        <a
          className="portal-link txt-compact-small-plus w-fit"
          href={action.hosted_verification_url}
          target="_blank"
          rel="noopener noreferrer"
        >
          Verify your bank account<span className="sr-only"> (opens in a new tab)</span>
        </a>
      </div>
    </Alert>
  )
}
