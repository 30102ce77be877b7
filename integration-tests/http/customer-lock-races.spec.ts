import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import type AutopayModuleService from "../../src/modules/autopay/service"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { SANDBOX_PROVIDER_ID } from "../../src/utils/options"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { withCustomerLock } from "../../src/workflows/payments/customer-lock"
import { reconcileCustomerPaymentsWorkflow } from "../../src/workflows/payments/workflows/reconcile-customer-payments"
import { createLoggedInCustomer, createPublishableKey, expectInvariants, issueServiceInvoice, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

/**
 * Races for the customer's shared lock (customer-lock.ts): a cancel of
 * autopay against a charge already reserved, and the reconciler's return of
 * a bank debit against a lock held by someone else for longer than it waits.
 */

const DAY = 24 * 60 * 60 * 1000
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const ACH_RETURNS = { type: "us_bank_account", data: { account_number: "000555555559", routing_number: "110000000" } }

type Customer = { id: string; headers: Record<string, string> }

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: Customer
    let bob: Customer
    let invoicing: InvoicingModuleService
    let autopay: AutopayModuleService
    let keyCounter = 0

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      autopay = container.resolve(AUTOPAY_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      bob = await createLoggedInCustomer(api, key, "bob@test.dev", "Bob")
      await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true, pre_debit_notice_days: 3 } } as any)
    })
    afterEach(() => jest.restoreAllMocks())

    /** Holds the customer's lock (as a refund at a slow provider does) until the returned function is called and has let go. */
    const holdCustomerLock = async (customerId: string): Promise<() => Promise<void>> => {
      let release!: () => void
      const held = new Promise<void>((r) => (release = r))
      let locked!: () => void
      const isLocked = new Promise<void>((r) => (locked = r))
      const holder = withCustomerLock(getContainer(), customerId, async () => {
        locked()
        await held
      })
      await isLocked
      return async () => {
        release()
        await holder
      }
    }

    it("autopay canceled (200) after a charge reserved, before it reached the provider: that charge is not made", async () => {
      const saved = await api.post("/store/billing/payment-methods", CARD_OK, { headers: jane.headers })
      expect(saved.status).toBe(201)
      expect((await settle(api.put("/store/billing/autopay", { payment_method_id: saved.data.payment_method.id, consent: true }, { headers: jane.headers }))).status).toBe(201)
      const invoice = await issueServiceInvoice(getContainer(), jane.id, "70.00", -1, "usd")

      // The customer's lock is taken by the charge's reservation, then by its provider call. The customer
      // presses "Cancel autopay" between the two, and the cancel has answered before the provider call begins.
      const locking = getContainer().resolve(Modules.LOCKING) as any
      const execute = locking.execute.bind(locking)
      let lockCalls = 0
      let canceled: any = null
      jest.spyOn(locking, "execute").mockImplementation((async (keys: any, job: any, options: any) => {
        if (keys === `billing-customer:${jane.id}` && ++lockCalls === 2) {
          canceled = await settle(api.delete("/store/billing/autopay", { headers: jane.headers }))
        }
        return await execute(keys, job, options)
      }) as any)

      await runAutopayWorkflow(getContainer()).run({ input: { trigger: "admin", customer_id: jane.id, now: new Date() } })
      expect([canceled?.status, canceled?.data.autopay?.status]).toEqual([200, "canceled"])
      // "a cancel answered 200 is never followed by the charge"
      const charged = (await invoicing.listCustomerPayments({ customer_id: jane.id, source: "autopay" } as any)).filter(
        (p: any) => p.status !== "canceled"
      )
      expect(charged.map((p: any) => [p.status, Number(p.amount)])).toEqual([])
      // released before the provider: the invoice is payable, the attempt not counted as a decline
      const [released] = await invoicing.listCustomerPayments({ customer_id: jane.id, source: "autopay" } as any)
      expect([released.status, released.failure_reason, released.payment_collection_id]).toEqual(["canceled", "autopay_turned_off", null])
      const [attempt] = await autopay.listAutopayAttempts({ customer_id: jane.id })
      expect([attempt.status, attempt.failure_reason]).toEqual(["failed", "not_charged: autopay_turned_off"])
      expect((await api.get(`/store/billing/invoices/${invoice.id}`, { headers: jane.headers })).data.invoice).toMatchObject({
        status: "open",
        amount_due: 70,
        amount_pending: 0,
      })
      await expectInvariants(getContainer())
    })

    it("a change of autopay that waits out a busy customer lock answers 409 in words and changes nothing", async () => {
      const saved = await api.post("/store/billing/payment-methods", CARD_OK, { headers: jane.headers })
      expect((await settle(api.put("/store/billing/autopay", { payment_method_id: saved.data.payment_method.id, consent: true }, { headers: jane.headers }))).status).toBe(201)
      // a refund of Jane's waits on a slow provider, holding her lock past every wait
      const release = await holdCustomerLock(jane.id)
      let answers: any[]
      try {
        answers = await Promise.all([
          settle(api.delete("/store/billing/autopay", { headers: jane.headers })),
          settle(api.post("/store/billing/autopay/pause", {}, { headers: jane.headers })),
        ])
      } finally {
        await release()
      }
      for (const answer of answers) {
        expect([answer.status, answer.data]).toEqual([
          409,
          {
            type: "conflict",
            message: "A payment or refund of this account is with the payment provider right now; autopay was not changed. Try again in a minute.",
          },
        ])
      }
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay.status).toBe("active")
      // Bob's autopay is his own: his lock was free all along
      expect((await settle(api.delete("/store/billing/autopay", { headers: bob.headers }))).status).toBe(200)
    })

    it("a method removed or saved while a change of autopay waits out a busy customer lock: the change answers 409, the removal and the save are made, never a 500", async () => {
      const save = async () => (await api.post("/store/billing/payment-methods", CARD_OK, { headers: jane.headers })).data.payment_method.id as string
      const card = await save()
      const spare = await save()
      const other = await save()
      expect((await settle(api.put("/store/billing/autopay", { payment_method_id: card, consent: true }, { headers: jane.headers }))).status).toBe(201)
      const release = await holdCustomerLock(jane.id)
      let answers: any[]
      try {
        // the customer moves autopay to the spare card (it waits for the lock, holding the payment-methods lock);
        // in another tab, a moment later, removes another card and adds one
        const change = settle(api.put("/store/billing/autopay", { payment_method_id: spare, consent: true }, { headers: jane.headers }))
        await new Promise((r) => setTimeout(r, 1000))
        answers = await Promise.all([
          change,
          settle(api.delete(`/store/billing/payment-methods/${other}`, { headers: jane.headers })),
          settle(api.post("/store/billing/payment-methods", CARD_OK, { headers: jane.headers })),
        ])
      } finally {
        await release()
      }
      const [changed, removed, added] = answers
      expect([changed.status, changed.data.message]).toEqual([
        409,
        "A payment or refund of this account is with the payment provider right now; autopay was not changed. Try again in a minute.",
      ])
      expect([removed.status, removed.data]).toEqual([200, { id: other, object: "payment_method", deleted: true }])
      expect(added.status).toBe(201)
      const listed = (await api.get("/store/billing/payment-methods", { headers: jane.headers })).data.payment_methods.map((m: any) => m.id)
      expect(listed).toEqual([card, spare, added.data.payment_method.id])
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay).toMatchObject({ status: "active", payment_method_id: card })
    })

    it("a returned debit the reconciler finds while the customer's lock is busy is reversed on a later run, never lost", async () => {
      const invoice = await issueServiceInvoice(getContainer(), jane.id, "120.00", -1, "usd")
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const sandbox = (paymentModule as any).paymentProviderService_.retrieveProvider(SANDBOX_PROVIDER_ID)
      // real ACH: settles in three days, returned three days later; no webhook reaches us
      const delay = jest.spyOn(sandbox, "settlementDelayMs_", "get").mockReturnValue(3 * DAY)
      const res = await settle(
        api.post(
          "/store/billing/payments",
          { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice.id], payment_method: ACH_RETURNS },
          { headers: { ...jane.headers, "idempotency-key": `locks-${++keyCounter}` } }
        )
      )
      delay.mockRestore()
      expect([res.status, res.data.payment.status]).toEqual([201, "processing"])
      const id = res.data.payment.id
      jest.spyOn(sandbox, "now_").mockReturnValue(Date.now() + 7 * DAY)
      const reconcile = (at: number) =>
        reconcileCustomerPaymentsWorkflow(getContainer()).run({
          input: { now: new Date(at), stale_after_minutes: 5, abandon_after_minutes: 60, processing_stale_after_minutes: 60, customer_id: jane.id },
        })

      // the customer's lock is held meanwhile (e.g. a refund waiting on the provider) for longer than the 15 s wait
      const release = await holdCustomerLock(jane.id)
      try {
        await reconcile(Date.now() + 7 * DAY)
      } finally {
        await release()
      }
      // the lock is free again: the next runs should record the return
      await reconcile(Date.now() + 7 * DAY + 10 * 60_000)
      await reconcile(Date.now() + 7 * DAY + 20 * 60_000)
      const payment = await invoicing.retrieveCustomerPayment(id)
      expect([payment.status, payment.attention]).toEqual(["reversed", null])
      expect(await invoicing.retrieveInvoice(invoice.id)).toMatchObject({ status: "open" })
      await expectInvariants(getContainer())
    })
  },
})
