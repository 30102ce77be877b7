import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, EllipsisHorizontal, TriangleDownMini, TriangleRightMini } from "@medusajs/icons"
import {
  Button,
  Container,
  DropdownMenu,
  Heading,
  IconButton,
  Prompt,
  StatusBadge,
  Table,
  Text,
  toast,
} from "@medusajs/ui"
import { Fragment, useState } from "react"
import { Link, useSearchParams } from "react-router-dom"
import { FilterSelect } from "../../../components/filter-fields"
import { customerName, formatDate, formatDateTime, LINK } from "../../../components/payment-labels"
import {
  autopayRunSummary,
  useAutopay,
  useCancelAutopay,
  useRunAutopay,
  type AutopayEnrollment,
  type AutopayRun,
  type AutopayStatus,
} from "../../../lib/hooks/autopay"
import { formatMoney } from "../../../lib/money"
import { withBillingQuery } from "../../../lib/query"
import { errorMessage } from "../../../lib/sdk"

const PAGE_SIZE = 20
const STATUS_LABELS: Record<AutopayStatus, string> = { active: "Active", paused: "Paused", canceled: "Canceled" }
const TRIGGER_LABELS: Record<string, string> = { admin: "Run now", schedule: "Schedule" }
const STATUS_COLORS: Record<AutopayStatus, "green" | "orange" | "grey"> = { active: "green", paused: "orange", canceled: "grey" }

function useRunNow() {
  const run = useRunAutopay()
  const start = (customer?: { id: string; name: string }) =>
    run.mutate(customer ? { customer_id: customer.id } : {}, {
      onSuccess: ({ run: done }) => {
        const summary = autopayRunSummary(done)
        const title = customer ? `Autopay ran for ${customer.name}` : "Autopay ran for everyone"
        if (done.failed > 0) toast.warning(title, { description: summary })
        else toast.success(title, { description: summary })
      },
      onError: (e) => toast.error("Autopay did not run", { description: errorMessage(e) }),
    })
  return { start, isPending: run.isPending }
}

const EnrollmentActions = ({
  enrollment,
  onRun,
  onCancel,
  running,
}: {
  enrollment: AutopayEnrollment
  onRun: () => void
  onCancel: () => void
  running: boolean
}) => (
  <DropdownMenu>
    <DropdownMenu.Trigger asChild>
      <IconButton size="small" variant="transparent" aria-label={`Actions for ${customerName(enrollment.customer)}`}>
        <EllipsisHorizontal />
      </IconButton>
    </DropdownMenu.Trigger>
    <DropdownMenu.Content align="end">
      <DropdownMenu.Item onClick={onRun} disabled={running || enrollment.status !== "active"} className="gap-x-2">
        <ArrowPath className="text-ui-fg-subtle" />
        Run now
      </DropdownMenu.Item>
      <DropdownMenu.Item asChild>
        <Link to={`/billing/payments?customer_id=${enrollment.customer_id}`}>Payments</Link>
      </DropdownMenu.Item>
      <DropdownMenu.Separator />
      <DropdownMenu.Item onClick={onCancel} disabled={enrollment.status === "canceled"}>
        Cancel autopay
      </DropdownMenu.Item>
    </DropdownMenu.Content>
  </DropdownMenu>
)

const EnrollmentsSection = () => {
  const [params, setParams] = useSearchParams()
  const status = (params.get("status") ?? "") as AutopayStatus | ""
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1)
  const { data, isPending, isError, error } = useAutopay({
    ...(status ? { status } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  })
  const runNow = useRunNow()
  const cancel = useCancelAutopay()
  const [canceling, setCanceling] = useState<AutopayEnrollment | null>(null)
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    if (key !== "page") next.delete("page")
    setParams(next, { replace: true })
  }
  const enrollments = data?.enrollments ?? []
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div>
          <Heading level="h1">Autopay</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Customers who let the business charge their saved method when invoices fall due
          </Text>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <FilterSelect
            id="autopay-status"
            label="Status"
            allLabel="All statuses"
            options={STATUS_LABELS}
            value={status}
            onChange={(value) => setParam("status", value)}
            className="w-[150px]"
          />
          <Button size="small" variant="secondary" onClick={() => runNow.start()} isLoading={runNow.isPending}>
            <ArrowPath />
            Run now for everyone
          </Button>
        </div>
      </div>
      {isError ? (
        <Text className="text-ui-fg-error px-6 py-6" role="alert">
          Could not load autopay: {errorMessage(error)}
        </Text>
      ) : isPending ? (
        <Text className="text-ui-fg-subtle px-6 py-6">Loading enrollments…</Text>
      ) : enrollments.length === 0 ? (
        <div className="flex flex-col items-center gap-y-1 px-6 py-12 text-center">
          <Text weight="plus">{status ? `No ${STATUS_LABELS[status].toLowerCase()} enrollments` : "No autopay enrollments yet"}</Text>
          <Text size="small" className="text-ui-fg-subtle">
            Customers turn autopay on in the portal, agreeing to the current terms.
          </Text>
        </div>
      ) : (
        <>
          <div className="overflow-x-auto">
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Customer</Table.HeaderCell>
                  <Table.HeaderCell>Method</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Cap per run</Table.HeaderCell>
                  <Table.HeaderCell>Consent</Table.HeaderCell>
                  <Table.HeaderCell>Terms</Table.HeaderCell>
                  <Table.HeaderCell>Status</Table.HeaderCell>
                  <Table.HeaderCell>Pause reason</Table.HeaderCell>
                  <Table.HeaderCell>
                    <span className="sr-only">Actions</span>
                  </Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {enrollments.map((e) => {
                  const name = customerName(e.customer)
                  return (
                    <Table.Row key={e.id}>
                      <Table.Cell>
                        <div className="flex flex-col py-1">
                          <Link to={`/customers/${e.customer_id}`} className={`${LINK} txt-compact-small-plus`}>
                            {name}
                          </Link>
                          {e.customer?.email && (
                            <Text size="xsmall" leading="compact" className="text-ui-fg-subtle">
                              {e.customer.email}
                            </Text>
                          )}
                        </div>
                      </Table.Cell>
                      <Table.Cell className="whitespace-nowrap">{e.payment_method_label ?? e.payment_method_type}</Table.Cell>
                      <Table.Cell className="whitespace-nowrap text-right tabular-nums">
                        {e.max_amount === null ? "No cap" : formatMoney(e.max_amount, e.max_amount_currency_code ?? "usd")}
                      </Table.Cell>
                      <Table.Cell className="whitespace-nowrap">{formatDate(e.consented_at)}</Table.Cell>
                      <Table.Cell>v{e.terms_version}</Table.Cell>
                      <Table.Cell>
                        <StatusBadge color={STATUS_COLORS[e.status]}>{STATUS_LABELS[e.status]}</StatusBadge>
                      </Table.Cell>
                      <Table.Cell className="max-w-[220px]">{e.pause_reason ?? "—"}</Table.Cell>
                      <Table.Cell className="text-right">
                        <EnrollmentActions
                          enrollment={e}
                          running={runNow.isPending}
                          onRun={() => runNow.start({ id: e.customer_id, name })}
                          onCancel={() => setCanceling(e)}
                        />
                      </Table.Cell>
                    </Table.Row>
                  )
                })}
              </Table.Body>
            </Table>
          </div>
          <Table.Pagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={page - 1}
            pageCount={pageCount}
            canPreviousPage={page > 1}
            canNextPage={page < pageCount}
            previousPage={() => setParam("page", page > 2 ? String(page - 1) : null)}
            nextPage={() => setParam("page", String(page + 1))}
          />
        </>
      )}
      <Prompt open={!!canceling} onOpenChange={(open) => !open && setCanceling(null)}>
        <Prompt.Content>
          <Prompt.Header>
            <Prompt.Title>Cancel autopay for {canceling ? customerName(canceling.customer) : ""}?</Prompt.Title>
            <Prompt.Description>
              Their invoices will no longer be charged to {canceling?.payment_method_label ?? "their saved method"}. They are told by
              email and can turn autopay on again in the portal.
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>Keep autopay</Prompt.Cancel>
            <Prompt.Action
              onClick={() => {
                const target = canceling
                if (!target) return
                cancel.mutate(target.id, {
                  onSuccess: () => {
                    toast.success(`Autopay canceled for ${customerName(target.customer)}`)
                    setCanceling(null)
                  },
                  onError: (e) => toast.error("Could not cancel autopay", { description: errorMessage(e) }),
                })
              }}
            >
              Cancel autopay
            </Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </Container>
  )
}

const RunErrors = ({ run }: { run: AutopayRun }) => (
  <ul className="flex flex-col gap-y-1">
    {(run.errors ?? []).map((e, i) => (
      <li key={i} className="txt-compact-small">
        <span className="text-ui-fg-error">{e.error}</span>
        {e.enrollment_id && <span className="text-ui-fg-muted"> · enrollment {e.enrollment_id}</span>}
        {e.currency_code && <span className="text-ui-fg-muted"> · {e.currency_code.toUpperCase()}</span>}
      </li>
    ))}
  </ul>
)

const RunsSection = () => {
  const { data, isPending } = useAutopay({ limit: 1 })
  const runs = data?.runs ?? []
  const [open, setOpen] = useState<Record<string, boolean>>({})
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Runs</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          The latest 20 runs, scheduled or started here
        </Text>
      </div>
      {isPending ? (
        <Text className="text-ui-fg-subtle px-6 py-6">Loading runs…</Text>
      ) : runs.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-6">
          Autopay has not run yet.
        </Text>
      ) : (
        <div className="overflow-x-auto">
          <Table aria-label="Autopay runs">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Started</Table.HeaderCell>
                <Table.HeaderCell>Finished</Table.HeaderCell>
                <Table.HeaderCell>For</Table.HeaderCell>
                <Table.HeaderCell>Trigger</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Charged</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Skipped</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Failed</Table.HeaderCell>
                <Table.HeaderCell>Errors</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {runs.map((r) => {
                const errors = r.errors ?? []
                const expanded = !!open[r.id]
                return (
                  <Fragment key={r.id}>
                    <Table.Row>
                      <Table.Cell className="whitespace-nowrap">{formatDateTime(r.started_at)}</Table.Cell>
                      <Table.Cell className="whitespace-nowrap">{r.finished_at ? formatDateTime(r.finished_at) : "Running…"}</Table.Cell>
                      <Table.Cell>{r.customer_id ? customerName(r.customer) : "Everyone"}</Table.Cell>
                      <Table.Cell>{TRIGGER_LABELS[r.trigger] ?? r.trigger}</Table.Cell>
                      <Table.Cell className="text-right tabular-nums">{r.charged}</Table.Cell>
                      <Table.Cell className="text-right tabular-nums">{r.skipped}</Table.Cell>
                      <Table.Cell className={`text-right tabular-nums ${r.failed ? "text-ui-fg-error" : ""}`}>{r.failed}</Table.Cell>
                      <Table.Cell>
                        {errors.length === 0 ? (
                          "—"
                        ) : (
                          <Button
                            size="small"
                            variant="transparent"
                            aria-expanded={expanded}
                            aria-controls={`run-errors-${r.id}`}
                            onClick={() => setOpen((o) => ({ ...o, [r.id]: !expanded }))}
                          >
                            {expanded ? <TriangleDownMini /> : <TriangleRightMini />}
                            {errors.length} {errors.length === 1 ? "error" : "errors"}
                          </Button>
                        )}
                      </Table.Cell>
                    </Table.Row>
                    {expanded && (
                      <Table.Row id={`run-errors-${r.id}`} className="bg-ui-bg-subtle">
                        <td colSpan={8} className="px-6 py-3">
                          <RunErrors run={r} />
                        </td>
                      </Table.Row>
                    )}
                  </Fragment>
                )
              })}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}

const AutopayPage = () => (
  <div className="flex flex-col gap-y-3">
    <EnrollmentsSection />
    <RunsSection />
  </div>
)

export const config = defineRouteConfig({ label: "Autopay", icon: ArrowPath })

export default withBillingQuery(AutopayPage)
