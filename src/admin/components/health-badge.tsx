import { ExclamationCircle } from "@medusajs/icons"
import { Button, Drawer, StatusBadge, Text, Tooltip } from "@medusajs/ui"
import { useState } from "react"
import { useHealth } from "../lib/hooks/health"
import { withBillingQuery } from "../lib/query"
import { errorMessage } from "../lib/sdk"

/**
 * The ledger's health (GET /admin/billing/health) for a list header:
 * "Ledger healthy" in green, or "N invariant violations" in red that opens
 * a drawer listing each broken invariant and the rows that break it.
 * Usage: `<HealthBadge />` (it carries the billing query client itself).
 */
const HealthBadgeContent = () => {
  const health = useHealth()
  const [open, setOpen] = useState(false)

  if (health.isPending) {
    return (
      <StatusBadge color="grey" data-testid="ledger-health">
        Checking ledger…
      </StatusBadge>
    )
  }
  if (health.error) {
    return (
      <Tooltip content={errorMessage(health.error)}>
        <StatusBadge color="orange" data-testid="ledger-health" tabIndex={0}>
          Ledger check failed
        </StatusBadge>
      </Tooltip>
    )
  }
  const { ok, violations } = health.data
  if (ok) {
    return (
      <Tooltip content="Every invariant of the ledger holds (checked just now)">
        <StatusBadge color="green" data-testid="ledger-health" tabIndex={0}>
          Ledger healthy
        </StatusBadge>
      </Tooltip>
    )
  }
  const total = violations.length
  return (
    <Drawer open={open} onOpenChange={setOpen}>
      <Drawer.Trigger asChild>
        <Button size="small" variant="transparent" className="p-0" data-testid="ledger-health">
          <StatusBadge color="red">
            {total} invariant violation{total === 1 ? "" : "s"}
          </StatusBadge>
        </Button>
      </Drawer.Trigger>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Ledger invariant violations</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <Text size="small" className="text-ui-fg-subtle">
            Each is a query of DESIGN sec. 4 that should find nothing. The rows are what it found.
          </Text>
          {violations.map((v) => (
            <div key={v.invariant} className="flex flex-col gap-y-2">
              <div className="flex items-center gap-x-2">
                <ExclamationCircle className="text-ui-fg-error" />
                <Text weight="plus">
                  {v.number}. {v.invariant.replace(/_/g, " ")} ({v.rows.length} row{v.rows.length === 1 ? "" : "s"})
                </Text>
              </div>
              <pre className="bg-ui-bg-subtle txt-compact-xsmall max-h-64 overflow-auto rounded-md p-2 font-mono">
                {JSON.stringify(v.rows.slice(0, 20), null, 2)}
                {v.rows.length > 20 ? `\n… and ${v.rows.length - 20} more` : ""}
              </pre>
            </div>
          ))}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

export const HealthBadge = withBillingQuery(HealthBadgeContent)
