import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { refundRequestHash } from "../../src/workflows/refunds/steps/validate-refund-request"
import { recordReversal } from "../../src/workflows/payments/record-outcome"
import { createAdmin, createLoggedInCustomer, createPublishableKey, eventually, expectInvariants, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

/**
 * Admin refunds (DESIGN sec. 8): an `Idempotency-Key` per refund, one
 * workflow (validate → provider refund → ledger), and a refund that failed
 * after the provider gave the money back is finished — not repeated — by a
 * retry with the same key.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: { id: string; headers: Record<string, string> }
    let other: { id: string; headers: Record<string, string> }
    let admin: { headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let keyCounter = 0

    const issue = async (customerId: string, price: string, dueInDays: number) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: "usd",
        due_at: new Date(Date.now() + dueInDays * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: new Date(Date.now() - DAY) })
    }

    const payAll = async (who: typeof jane) => {
      const res = await api.post(
        "/store/billing/payments",
        { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK },
        { headers: { ...who.headers, "idempotency-key": `pay-${++keyCounter}` } }
      )
      expect(res.data.payment.status).toBe("succeeded")
      return res.data.payment
    }

    const refund = (paymentId: string, body: Record<string, unknown>, key?: string) =>
      settle(
        api.post(`/admin/billing/payments/${paymentId}/refund`, body, {
          headers: { ...admin.headers, ...(key ? { "idempotency-key": key } : {}) },
        })
      )

    /** The Payment Module's refund rows of one of our payments: what the provider was asked to give back. */
    const providerRefunds = async (paymentId: string) => {
      const payment = await invoicing.retrieveCustomerPayment(paymentId)
      const [collection] = await getContainer()
        .resolve(Modules.PAYMENT)
        .listPaymentCollections({ id: payment.payment_collection_id! }, { relations: ["payments", "payments.refunds"] })
      return collection.payments!.flatMap((p: any) => p.refunds ?? []).map((r: any) => Number(r.amount))
    }

    const ledgerRefunds = async (customerId: string) =>
      (await invoicing.listLedgerEntries({ customer_id: customerId, type: "refund" } as any)).map((e: any) =>
        Number(e.amount)
      )

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      admin = await createAdmin(container, api)
      await issue(jane.id, "120.00", -5)
      await issue(jane.id, "49.99", 25)
      await issue(other.id, "300.00", 10)
    })

    afterEach(() => jest.restoreAllMocks())

    it("requires an Idempotency-Key; the same key and body refund once, a changed body conflicts", async () => {
      const paid = await payAll(jane)
      const othersPayment = await payAll(other)

      const missingKey = await refund(paid.id, { amount: "20" })
      expect(missingKey.status).toBe(400)
      expect(missingKey.data.message).toBe("Idempotency-Key header is required")

      const first = await refund(paid.id, { amount: "20", reason: "goodwill" }, "refund-once")
      expect(first.status).toBe(200)
      expect(first.data.payment).toMatchObject({ id: paid.id, refunded_amount: 20, status: "succeeded" })
      expect(first.data.refund).toMatchObject({ amount: 20, currency_code: "usd", status: "succeeded" })

      const replay = await refund(paid.id, { amount: "20", reason: "goodwill" }, "refund-once")
      expect(replay.status).toBe(200)
      expect(replay.data.refund).toEqual(first.data.refund)
      expect(replay.data.payment.refunded_amount).toBe(20)

      const changed = await refund(paid.id, { amount: "30", reason: "goodwill" }, "refund-once")
      expect(changed.status).toBe(409)
      expect(changed.data.message).toBe("Idempotency-Key was already used with a different request body")
      // the same key on another payment is another request too
      const elsewhere = await refund(othersPayment.id, { amount: "20", reason: "goodwill" }, "refund-once")
      expect(elsewhere.status).toBe(409)

      const decimals = await refund(paid.id, { amount: "1.005" }, "refund-decimals")
      expect(decimals.status).toBe(400)
      expect(decimals.data.message).toBe("amount has more decimals than USD allows (2)")
      const zero = await refund(paid.id, { amount: "0" }, "refund-zero")
      expect(zero.status).toBe(400)
      expect(zero.data.message).toBe("amount must be greater than 0 and at most 149.99 USD")
      const missing = await refund("cpay_missing", { amount: "1" }, "refund-missing")
      expect(missing.status).toBe(404)

      expect(await providerRefunds(paid.id)).toEqual([20])
      expect(await ledgerRefunds(jane.id)).toEqual([20])
      // the other customer's payment and account are untouched
      expect(await providerRefunds(othersPayment.id)).toEqual([])
      expect(await ledgerRefunds(other.id)).toEqual([])
      await expectInvariants(getContainer())
    })

    it("a failure after the provider refunded is finished by a retry with the same key: one provider refund, one ledger entry", async () => {
      const paid = await payAll(jane)
      const recordRefund = jest
        .spyOn(invoicing, "recordRefund")
        .mockRejectedValueOnce(new Error("ledger write failed (test)"))

      const failed = await refund(paid.id, { amount: "49.99" }, "refund-crash")
      expect(failed.status).toBe(500)
      expect(recordRefund).toHaveBeenCalledTimes(1)
      // the provider gave the money back; the ledger does not know yet
      expect(await providerRefunds(paid.id)).toEqual([49.99])
      expect(await ledgerRefunds(jane.id)).toEqual([])

      // while that refund is unfinished its amount is not refundable again under another key
      const tooMuch = await refund(paid.id, { amount: "120.01" }, "refund-other")
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toBe("amount must be greater than 0 and at most 120.00 USD")

      const retry = await refund(paid.id, { amount: "49.99" }, "refund-crash")
      expect(retry.status).toBe(200)
      expect(retry.data.payment).toMatchObject({ refunded_amount: 49.99, status: "succeeded" })
      expect(await providerRefunds(paid.id)).toEqual([49.99])
      expect(await ledgerRefunds(jane.id)).toEqual([49.99])

      const again = await refund(paid.id, { amount: "49.99" }, "refund-crash")
      expect(again.status).toBe(200)
      expect(again.data.refund).toEqual(retry.data.refund)
      expect(await providerRefunds(paid.id)).toEqual([49.99])
      expect(await ledgerRefunds(jane.id)).toEqual([49.99])
      expect(await ledgerRefunds(other.id)).toEqual([])
      await expectInvariants(getContainer())
    })

    /** Jane's ledger in posting order, as [type, amount] pairs (major units, exact text). */
    const ledgerOf = async (customerId: string) =>
      (await invoicing.listLedgerEntries({ customer_id: customerId } as any, { order: { sequence: "ASC" } as any })).map(
        (e: any) => [e.type, String(e.raw_amount?.value ?? e.amount)]
      )

    const refundRows = async (paymentId: string) =>
      (await invoicing.listCustomerPaymentRefunds({ customer_payment_id: paymentId } as any)).map((r: any) => ({
        status: r.status,
        amount: Number(r.amount),
        provider: Boolean(r.provider_refund_id),
      }))

    it("a refund the provider made before a dispute reversed the payment is recorded by the reversal, and the retry answers it", async () => {
      const paid = await payAll(jane)
      jest.spyOn(invoicing, "recordRefund").mockRejectedValueOnce(new Error("ledger write failed (test)"))
      const failed = await refund(paid.id, { amount: "49.99" }, "refund-then-dispute")
      expect(failed.status).toBe(500)
      expect(await refundRows(paid.id)).toEqual([{ status: "pending", amount: 49.99, provider: true }])

      // the dispute takes back what the provider had not refunded: 169.99 - 49.99
      await invoicing.reversePayment(paid.id, { reason: "dispute lost", occurred_at: new Date() })
      expect(await refundRows(paid.id)).toEqual([{ status: "succeeded", amount: 49.99, provider: true }])
      expect(await ledgerOf(jane.id)).toEqual([
        ["invoice", "120"],
        ["invoice", "49.99"],
        ["payment", "-169.99"],
        ["refund", "49.99"],
        ["payment_reversal", "120"],
      ])

      const retry = await refund(paid.id, { amount: "49.99" }, "refund-then-dispute")
      expect(retry.status).toBe(200)
      expect(retry.data.refund).toMatchObject({ amount: 49.99, status: "succeeded" })
      expect(retry.data.payment).toMatchObject({ status: "reversed", refunded_amount: 49.99 })
      expect(await providerRefunds(paid.id)).toEqual([49.99])
      expect(await ledgerRefunds(jane.id)).toEqual([49.99])
      expect(await ledgerOf(other.id)).toEqual([["invoice", "300"]])
      await expectInvariants(getContainer())
    })

    it("a dispute webhook that lands while the provider is refunding waits for the refund: the ledger shows the refund, then the reversal of the rest", async () => {
      const paid = await payAll(jane)
      const container = getContainer()
      const paymentModule = container.resolve(Modules.PAYMENT)
      const locking = container.resolve(Modules.LOCKING) as any
      const execute = locking.execute.bind(locking)
      let customerLockCalls = 0
      jest.spyOn(locking, "execute").mockImplementation(((keys: any, job: any, options: any) => {
        if (keys === `billing-customer:${jane.id}`) customerLockCalls++
        return execute(keys, job, options)
      }) as any)
      const realRefund = paymentModule.refundPayment.bind(paymentModule)
      let reversal: Promise<unknown> = Promise.resolve()
      let reversalDone = false
      jest.spyOn(paymentModule, "refundPayment").mockImplementationOnce(async (...args: any[]) => {
        // the refund checked the payment (succeeded) and is asking the provider; the dispute's webhook is
        // processed now, as the inbox does (recordReversal): it either lands now (the defect) or waits
        const callsBefore = customerLockCalls
        reversal = recordReversal(container, paid.id, { reason: "dispute lost", occurred_at: new Date() }).finally(() => (reversalDone = true))
        await eventually(async () => reversalDone || customerLockCalls > callsBefore, (ready) => ready === true)
        return await (realRefund as any)(...args)
      })

      const res = await refund(paid.id, { amount: "49.99" }, "refund-while-disputed")
      await reversal
      expect(res.status).toBe(200)
      expect(await refundRows(paid.id)).toEqual([{ status: "succeeded", amount: 49.99, provider: true }])
      expect(await providerRefunds(paid.id)).toEqual([49.99])
      expect(await invoicing.retrieveCustomerPayment(paid.id)).toMatchObject({ status: "reversed" })
      // the refund came first, the dispute took the rest: no correction needed
      expect(await ledgerOf(jane.id)).toEqual([
        ["invoice", "120"],
        ["invoice", "49.99"],
        ["payment", "-169.99"],
        ["refund", "49.99"],
        ["payment_reversal", "120"],
      ])
      await expectInvariants(getContainer())
    })

    it("a reversal recorded between the provider refund and its record (a crash there, finished later) is corrected by the refund: the ledger shows both", async () => {
      const paid = await payAll(jane)
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const realRefund = paymentModule.refundPayment.bind(paymentModule)
      jest.spyOn(paymentModule, "refundPayment").mockImplementationOnce(async (...args: any[]) => {
        const refunded = await (realRefund as any)(...args)
        // the reversal reaches the ledger after the provider refunded, before the refund is written down (the
        // module itself, without the customer's lock: as after a crash in that window and a later finish)
        await invoicing.reversePayment(paid.id, { reason: "dispute lost", occurred_at: new Date() })
        return refunded
      })

      const res = await refund(paid.id, { amount: "49.99" }, "refund-during-dispute")
      expect(res.status).toBe(200)
      expect(res.data.payment).toMatchObject({ status: "reversed", refunded_amount: 49.99 })
      expect(await refundRows(paid.id)).toEqual([{ status: "succeeded", amount: 49.99, provider: true }])
      expect(await providerRefunds(paid.id)).toEqual([49.99])
      // the reversal had counted the whole payment; the refund shows, and the reversal is reduced by it
      expect(await ledgerOf(jane.id)).toEqual([
        ["invoice", "120"],
        ["invoice", "49.99"],
        ["payment", "-169.99"],
        ["payment_reversal", "169.99"],
        ["refund", "49.99"],
        ["adjustment", "-49.99"],
      ])
      const [balance] = await invoicing.listLedgerEntries({ customer_id: jane.id } as any, {
        order: { sequence: "DESC" } as any,
        take: 1,
      })
      expect(String((balance as any).raw_balance_after?.value ?? balance.balance_after)).toBe("169.99")
      // with payments hidden from the portal's history, so is the adjustment that corrects one
      expect((await settle(api.post("/admin/billing/settings", { history: { show_charges: true, show_payments: false } }, admin))).status).toBe(200)
      const history = await api.get("/store/billing/history", { headers: jane.headers })
      expect(history.data.history.map((e: any) => e.type)).toEqual(["invoice", "invoice"])
      expect(history.data.count).toBe(2)
      await expectInvariants(getContainer())
    })

    it("a refund begun but not sent to the provider before the payment was reversed is never sent: the retry answers 400 and the row is gone", async () => {
      const paid = await payAll(jane)
      // a refund whose run stopped (a crash) after its row was committed, before the provider was asked
      await invoicing.beginRefund({
        payment_id: paid.id,
        amount: 2000n,
        idempotency_key: "refund-stopped",
        request_hash: refundRequestHash({ payment_id: paid.id, amount: 2000n, reason: null }),
      })
      await invoicing.reversePayment(paid.id, { reason: "dispute lost", occurred_at: new Date() })
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const providerCall = jest.spyOn(paymentModule, "refundPayment")

      const retry = await refund(paid.id, { amount: "20" }, "refund-stopped")
      expect(retry.status).toBe(400)
      expect(retry.data.message).toBe(`Payment ${paid.id} was reversed; nothing was refunded`)
      expect(providerCall).not.toHaveBeenCalled()
      expect(await providerRefunds(paid.id)).toEqual([])
      expect(await refundRows(paid.id)).toEqual([])
      expect(await ledgerRefunds(jane.id)).toEqual([])
      // the key is free again, and a new refund of a reversed payment is refused before anything is written
      const again = await refund(paid.id, { amount: "20" }, "refund-stopped")
      expect(again.status).toBe(400)
      expect(again.data.message).toBe("Only succeeded payments can be refunded; this one is reversed")
      await expectInvariants(getContainer())
    })

    it("an admin finishes a refund an earlier request left pending: made at the provider if it never was, recorded once; not another payment's", async () => {
      const paid = await payAll(jane)
      const othersPayment = await payAll(other)
      const finish = (paymentId: string, refundId: string) =>
        settle(api.post(`/admin/billing/payments/${paymentId}/refunds/${refundId}/finish`, {}, admin))

      // stopped after its row was committed, before the provider was asked
      const { refund: stopped } = await invoicing.beginRefund({
        payment_id: paid.id,
        amount: 2000n,
        idempotency_key: "refund-stopped-early",
        request_hash: refundRequestHash({ payment_id: paid.id, amount: 2000n, reason: null }),
      })
      expect((await finish(othersPayment.id, stopped.id)).status).toBe(404)
      expect((await finish(paid.id, "cpref_missing")).status).toBe(404)
      const body = await settle(api.post(`/admin/billing/payments/${paid.id}/refunds/${stopped.id}/finish`, { amount: "1" }, admin))
      expect(body.status).toBe(400)

      const done = await finish(paid.id, stopped.id)
      expect(done.status).toBe(200)
      expect(done.data.refund).toMatchObject({ id: stopped.id, amount: 20, status: "succeeded" })
      expect(done.data.payment).toMatchObject({ id: paid.id, refunded_amount: 20, customer_id: jane.id })
      const again = await finish(paid.id, stopped.id)
      expect(again.status).toBe(200)
      expect(again.data.refund).toEqual(done.data.refund)
      expect(await providerRefunds(paid.id)).toEqual([20])
      expect(await ledgerRefunds(jane.id)).toEqual([20])

      // stopped after the provider refunded (the ledger write failed, the admin's form is gone)
      jest.spyOn(invoicing, "recordRefund").mockRejectedValueOnce(new Error("ledger write failed (test)"))
      expect((await refund(paid.id, { amount: "30" }, "refund-stopped-late")).status).toBe(500)
      const [late] = (await invoicing.listCustomerPaymentRefunds({ customer_payment_id: paid.id, status: "pending" } as any)) as any[]
      const finished = await finish(paid.id, late.id)
      expect(finished.status).toBe(200)
      expect(finished.data.payment.refunded_amount).toBe(50)
      expect(await providerRefunds(paid.id)).toEqual([20, 30])
      expect((await ledgerRefunds(jane.id)).sort()).toEqual([20, 30])
      expect(await providerRefunds(othersPayment.id)).toEqual([])
      expect(await ledgerRefunds(other.id)).toEqual([])
      await expectInvariants(getContainer())
    })

    it("a provider refund that fails leaves nothing behind: the key can be used again", async () => {
      const paid = await payAll(jane)
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      jest.spyOn(paymentModule, "refundPayment").mockRejectedValueOnce(new Error("provider unavailable (test)"))

      const failed = await refund(paid.id, { amount: "10" }, "refund-provider-down")
      expect(failed.status).toBe(500)
      expect(await providerRefunds(paid.id)).toEqual([])
      expect(await ledgerRefunds(jane.id)).toEqual([])

      const retry = await refund(paid.id, { amount: "10" }, "refund-provider-down")
      expect(retry.status).toBe(200)
      expect(retry.data.payment.refunded_amount).toBe(10)
      expect(await providerRefunds(paid.id)).toEqual([10])
      expect(await ledgerRefunds(jane.id)).toEqual([10])
      await expectInvariants(getContainer())
    })
  },
})
