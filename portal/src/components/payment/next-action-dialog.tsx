import { Button, Prompt } from "@medusajs/ui"
import { formatMoney } from "../../lib/money"

/**
 * The provider asks the customer to confirm the payment with their bank
 * (3-D Secure; the sandbox's card 4000 0025 0000 3155 does this). In test
 * mode the "bank" is this dialog: Confirm or Cancel, then the page calls
 * `…/payments/:id/complete`. (With Stripe, Stripe.js shows the bank's own
 * challenge instead.)
 */
export default function NextActionDialog({
  open,
  amount,
  currency,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean
  amount: number
  currency: string
  busy: boolean
  onConfirm: () => void
  onCancel: () => void
}) {
  return (
    <Prompt open={open} variant="confirmation" onOpenChange={(next) => !next && !busy && onCancel()}>
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>Confirm with your bank (test)</Prompt.Title>
          <Prompt.Description>
            Your bank asks you to confirm this payment of {formatMoney(amount, currency)}. In test mode, confirm or
            cancel here.
          </Prompt.Description>
        </Prompt.Header>
        <Prompt.Footer>
          <Prompt.Cancel disabled={busy}>Cancel</Prompt.Cancel>
          <Button type="button" variant="primary" isLoading={busy} onClick={onConfirm}>
            Confirm
          </Button>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
