import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { PORTAL_MODULE } from ".."
import { PayLink, PortalInvitation, PortalSettings, ServiceRequest } from "../models"
import PortalModuleService from "../service"
import { hashSecretToken, isWellFormedSecretToken } from "../tokens"

jest.setTimeout(60_000)

const NOW = new Date("2026-06-15T12:00:00Z")
const LATER = new Date("2026-07-15T12:00:00Z")
const seconds = (n: number) => new Date(NOW.getTime() + n * 1000)

moduleIntegrationTestRunner<PortalModuleService>({
  moduleName: PORTAL_MODULE,
  moduleModels: [PortalSettings, PortalInvitation, ServiceRequest, PayLink],
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as any[]

    const link = (invoice_ids: string[], customer_id = "cus_a", now = NOW) =>
      service.createPayLink({ customer_id, currency_code: "USD", invoice_ids, expires_at: LATER }, now)

    const open = async (customer_id = "cus_a") =>
      (await sql("SELECT id FROM pay_link WHERE customer_id = ? AND revoked_at IS NULL ORDER BY id", [customer_id])).map(
        (r) => r.id
      )

    it("stores only the token's hash: 32 random bytes, base64url, found again by the hash", async () => {
      const { token, pay_link, revoked_ids } = await link(["inv_1", "inv_1"])
      expect(isWellFormedSecretToken(token)).toBe(true)
      expect(Buffer.from(token, "base64url")).toHaveLength(32)
      expect(revoked_ids).toEqual([])
      expect(pay_link).toEqual({
        id: expect.stringMatching(/^plink_/),
        customer_id: "cus_a",
        currency_code: "usd",
        invoice_ids: ["inv_1"],
        expires_at: LATER,
        revoked_at: null,
        last_used_at: null,
        created_at: NOW,
      })
      const rows = await sql("SELECT * FROM pay_link")
      expect(rows).toHaveLength(1)
      expect(rows[0].token_hash).toBe(hashSecretToken(token))
      const everything = JSON.stringify(rows)
      expect(everything).not.toContain(token)
      expect(everything).not.toContain(Buffer.from(token, "base64url").toString("hex"))
      expect(await service.findPayLinkByTokenHash(hashSecretToken(token))).toEqual(pay_link)
      expect(await service.findPayLinkByTokenHash(hashSecretToken(token.slice(1) + "A"))).toBeNull()
    })

    it("finds the open link of an invoice however many links the customer has had since", async () => {
      const mine = await link(["inv_old"], "cus_many")
      for (let i = 0; i < 60; i++) await link([`inv_${i}`], "cus_many", seconds(i + 1))
      expect((await service.findOpenPayLinkForInvoice("cus_many", "inv_old"))?.id).toBe(mine.pay_link.id)
      // a newer link for it replaces it; another customer's invoice id finds nothing
      const newer = await link(["inv_old", "inv_x"], "cus_many", seconds(100))
      expect((await service.findOpenPayLinkForInvoice("cus_many", "inv_old"))?.id).toBe(newer.pay_link.id)
      expect(await service.findOpenPayLinkForInvoice("cus_other", "inv_old")).toBeNull()
      expect(await service.findOpenPayLinkForInvoice("cus_many", "inv_none")).toBeNull()
    })

    it("a new link for an invoice revokes the customer's older links for it, and only those", async () => {
      const first = await link(["inv_1"])
      const both = await link(["inv_2", "inv_3"])
      const otherCustomer = await link(["inv_1"], "cus_b")
      const second = await link(["inv_1", "inv_9"], "cus_a", seconds(1))
      expect(second.revoked_ids).toEqual([first.pay_link.id])
      expect(await open()).toEqual([both.pay_link.id, second.pay_link.id].sort())
      expect(await open("cus_b")).toEqual([otherCustomer.pay_link.id])
      const revoked = await service.findPayLinkByTokenHash(hashSecretToken(first.token))
      expect(revoked?.revoked_at).toEqual(seconds(1))
      // overlapping on one invoice is enough
      const third = await link(["inv_3"], "cus_a", seconds(2))
      expect(third.revoked_ids).toEqual([both.pay_link.id])
    })

    it("concurrent links for one invoice leave exactly one open", async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => link(["inv_race"])))
      const usable = await open()
      expect(usable).toHaveLength(1)
      expect(results.map((r) => r.pay_link.id)).toContain(usable[0])
    })

    it("undo deletes the new link and reopens the ones it revoked, unless a newer link exists by then", async () => {
      const first = await link(["inv_1"])
      const second = await link(["inv_1"], "cus_a", seconds(1))
      await service.undoCreatePayLink({ created_id: second.pay_link.id, revoked_ids: second.revoked_ids, revoked_at: seconds(1) })
      expect(await service.findPayLinkByTokenHash(hashSecretToken(second.token))).toBeNull()
      expect(await open()).toEqual([first.pay_link.id])

      // a newer rotation won meanwhile: the one it revoked stays revoked
      const third = await link(["inv_1"], "cus_a", seconds(2))
      const fourth = await link(["inv_1"], "cus_a", seconds(3))
      await service.undoCreatePayLink({ created_id: third.pay_link.id, revoked_ids: third.revoked_ids, revoked_at: seconds(2) })
      expect(await open()).toEqual([fourth.pay_link.id])
    })

    it("last_used_at: set on use, put back by the undo unless used again since", async () => {
      const { pay_link } = await link(["inv_1"])
      const lastUsed = async () => new Date((await sql("SELECT last_used_at FROM pay_link"))[0].last_used_at)
      expect(await service.markPayLinkUsed(pay_link.id, seconds(5))).toEqual({ found: true, previous: null })
      expect(await service.markPayLinkUsed(pay_link.id, seconds(6))).toEqual({ found: true, previous: seconds(5) })
      await service.restorePayLinkLastUsed(pay_link.id, seconds(5), seconds(6))
      expect(await lastUsed()).toEqual(seconds(5))
      await service.markPayLinkUsed(pay_link.id, seconds(8))
      await service.restorePayLinkLastUsed(pay_link.id, null, seconds(7))
      expect(await lastUsed()).toEqual(seconds(8))
      expect(await service.markPayLinkUsed("plink_unknown", seconds(9))).toEqual({ found: false, previous: null })
    })

    it("knows when the newest link for some invoices was made", async () => {
      expect(await service.newestPayLinkCreatedAt("cus_a", ["inv_1"])).toBeNull()
      await link(["inv_1"])
      await link(["inv_2"], "cus_a", seconds(10))
      await link(["inv_1"], "cus_b", seconds(20))
      expect(await service.newestPayLinkCreatedAt("cus_a", ["inv_1"])).toEqual(NOW)
      expect(await service.newestPayLinkCreatedAt("cus_a", ["inv_1", "inv_2"])).toEqual(seconds(10))
      expect(await service.newestPayLinkCreatedAt("cus_a", [])).toBeNull()
    })
  },
})
