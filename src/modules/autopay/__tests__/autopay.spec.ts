import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { AUTOPAY_MODULE } from ".."
import AutopayModuleService from "../service"
import { AutopayAttempt, AutopayEnrollment, AutopayRun } from "../models"

jest.setTimeout(60_000)

const NOW = new Date("2026-06-15T12:00:00Z")

const enrollment = (customer_id: string, method = "pm_sandbox_card_ok_4242_a") => ({
  customer_id,
  payment_method_id: method,
  payment_method_type: "card" as const,
  payment_method_label: "Visa •••• 4242",
  provider_id: "pp_billing-sandbox_sandbox",
  max_amount: null,
  max_amount_currency_code: null,
  terms_version: "1",
  terms_text: "I authorize…",
  consent_ip: "203.0.113.7",
  now: NOW,
})

const attempt = (key: string) => ({
  enrollment_id: "apay_1",
  customer_id: "cus_a",
  run_id: null,
  currency_code: "usd",
  invoice_ids: ["inv_1", "inv_2"],
  series_key: "s1",
  attempt: 1,
  amount: "150.00",
  idempotency_key: key,
})

moduleIntegrationTestRunner<AutopayModuleService>({
  moduleName: AUTOPAY_MODULE,
  moduleModels: [AutopayEnrollment, AutopayRun, AutopayAttempt],
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  testSuite: ({ service }) => {
    it("keeps one live enrollment per customer: a new consent replaces the method and resumes a paused one", async () => {
      const first = await service.enroll(enrollment("cus_a"))
      expect(first.created).toBe(true)
      expect(await service.pauseEnrollment(first.enrollment.id, "returned", NOW)).toBe(true)
      expect(await service.pauseEnrollment(first.enrollment.id, "again", NOW)).toBe(false)
      const later = new Date(NOW.getTime() + 60_000)
      const second = await service.enroll({ ...enrollment("cus_a", "pm_sandbox_ach_settles_6789_b"), now: later })
      expect(second.created).toBe(false)
      expect(second.enrollment).toMatchObject({
        id: first.enrollment.id,
        status: "active",
        payment_method_id: "pm_sandbox_ach_settles_6789_b",
        pause_reason: null,
      })
      expect(new Date(second.enrollment.consented_at).getTime()).toBe(later.getTime())
      const canceled = await service.cancelEnrollment("cus_a", later)
      expect(canceled).toMatchObject({ status: "canceled" })
      expect(await service.retrieveLiveEnrollment("cus_a")).toBeNull()
      expect(await service.cancelEnrollment("cus_a", later)).toBeNull()
      // a fresh enrollment after a cancellation is a new record; the old one stays as history
      const again = await service.enroll(enrollment("cus_a"))
      expect(again.created).toBe(true)
      expect(await service.listAutopayEnrollments({ customer_id: "cus_a" })).toHaveLength(2)
    })

    it("undoing an enrollment puts back what was there, unless the enrollment changed since (a pause, a cancellation, a newer consent)", async () => {
      const later = (ms: number) => new Date(NOW.getTime() + ms)
      // a first enrollment undone: gone
      const fresh = await service.enroll(enrollment("cus_u1"))
      expect(await service.undoEnroll(fresh.enrollment, null)).toBe(true)
      expect(await service.retrieveLiveEnrollment("cus_u1")).toBeNull()

      // a new consent over a paused enrollment, undone: paused again with the old method
      const old = (await service.enroll(enrollment("cus_u2"))).enrollment
      await service.pauseEnrollment(old.id, "returned", later(1_000))
      const before = await service.retrieveLiveEnrollment("cus_u2")
      const replaced = await service.enroll({ ...enrollment("cus_u2", "pm_new"), now: later(2_000) })
      expect(await service.undoEnroll(replaced.enrollment, before)).toBe(true)
      expect(await service.retrieveLiveEnrollment("cus_u2")).toMatchObject({ status: "paused", payment_method_id: old.payment_method_id, pause_reason: "returned" })

      // paused after the consent (an ACH return): the undo leaves the pause
      const first = await service.enroll(enrollment("cus_u3"))
      const second = await service.enroll({ ...enrollment("cus_u3", "pm_new"), now: later(1_000) })
      await service.pauseEnrollment(second.enrollment.id, "returned", later(2_000))
      expect(await service.undoEnroll(second.enrollment, first.enrollment)).toBe(false)
      expect(await service.retrieveLiveEnrollment("cus_u3")).toMatchObject({ status: "paused", payment_method_id: "pm_new", pause_reason: "returned" })

      // canceled after it, or replaced by a newer consent: left as it is
      const mine = await service.enroll(enrollment("cus_u4"))
      await service.cancelEnrollment("cus_u4", later(1_000))
      expect(await service.undoEnroll(mine.enrollment, null)).toBe(false)
      expect((await service.listAutopayEnrollments({ customer_id: "cus_u4" }))[0]).toMatchObject({ status: "canceled" })
      const a = await service.enroll(enrollment("cus_u5"))
      await service.enroll({ ...enrollment("cus_u5", "pm_newer"), now: later(1_000) })
      expect(await service.undoEnroll(a.enrollment, null)).toBe(false)
      expect(await service.retrieveLiveEnrollment("cus_u5")).toMatchObject({ status: "active", payment_method_id: "pm_newer" })
    })

    it("two simultaneous enrollments of one customer leave one live enrollment", async () => {
      await Promise.all([service.enroll(enrollment("cus_b")), service.enroll(enrollment("cus_b"))])
      expect(await service.listAutopayEnrollments({ customer_id: "cus_b", status: ["active", "paused"] })).toHaveLength(1)
    })

    it("pages active enrollments by id: a pause between pages skips no one; one customer's page holds only theirs", async () => {
      const ids: string[] = []
      for (const c of ["p1", "p2", "p3", "p4", "p5"]) ids.push((await service.enroll(enrollment(`cus_${c}`))).enrollment.id)
      ids.sort()
      const first = await service.listActiveEnrollmentsPage({ take: 2 })
      expect(first.map((e) => e.id)).toEqual(ids.slice(0, 2))
      // a run pauses the first two (ACH returns) before reading the next page
      for (const e of first) await service.pauseEnrollment(e.id, "returned", NOW)
      const second = await service.listActiveEnrollmentsPage({ take: 2, after: first[1].id })
      expect(second.map((e) => e.id)).toEqual(ids.slice(2, 4))
      const third = await service.listActiveEnrollmentsPage({ take: 2, after: second[1].id })
      expect(third.map((e) => e.id)).toEqual(ids.slice(4))
      expect(third[0]).toEqual({ id: ids[4], customer_id: expect.stringMatching(/^cus_p/) })
      expect(await service.listActiveEnrollmentsPage({ take: 2, after: ids[4] })).toEqual([])
      const own = await service.listActiveEnrollmentsPage({ take: 10, customer_id: third[0].customer_id })
      expect(own.map((e) => e.id)).toEqual([ids[4]])
      expect(await service.listActiveEnrollmentsPage({ take: 10, customer_id: first[0].customer_id })).toEqual([])
    })

    it("claims an attempt key once, even when two runs claim it at the same moment", async () => {
      const claims = await Promise.all([service.claimAttempt(attempt("k1")), service.claimAttempt(attempt("k1"))])
      expect(claims.map((c) => c.created).sort()).toEqual([false, true])
      expect(claims[0].attempt.id).toBe(claims[1].attempt.id)
      expect(await service.listAutopayAttempts({ idempotency_key: "k1" })).toHaveLength(1)
    })
  },
})
