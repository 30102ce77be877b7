import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { PORTAL_MODULE } from ".."
import PortalModuleService, { hashInvitationToken, isWellFormedInvitationToken, newInvitationToken } from "../service"
import { PortalInvitation, PortalSettings, ServiceRequest } from "../models"

jest.setTimeout(60_000)

const NOW = new Date("2026-06-15T12:00:00Z")
const HOUR = 60 * 60 * 1000
const TTL = 72 * HOUR

moduleIntegrationTestRunner<PortalModuleService>({
  moduleName: PORTAL_MODULE,
  moduleModels: [PortalSettings, PortalInvitation, ServiceRequest],
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as any[]

    const invite = async (customer_id = "cus_a", now = NOW) => {
      const [created] = await service.createInvitations([{ customer_id, email: `${customer_id}@test.dev` }], {
        now,
        ttl_ms: TTL,
      })
      return created
    }

    describe("tokens", () => {
      it("are 32 random bytes in base64url and hash to SHA-256 hex", () => {
        const token = newInvitationToken()
        expect(Buffer.from(token, "base64url")).toHaveLength(32)
        expect(isWellFormedInvitationToken(token)).toBe(true)
        expect(hashInvitationToken(token)).toMatch(/^[0-9a-f]{64}$/)
        expect(hashInvitationToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        expect(newInvitationToken()).not.toBe(token)
        expect(isWellFormedInvitationToken(token.slice(1))).toBe(false)
        expect(isWellFormedInvitationToken(`${token.slice(1)}+`)).toBe(false)
      })

      it("stores only the hash: no column of the table holds the token", async () => {
        const { token, invitation } = await invite()
        const rows = await sql("SELECT * FROM portal_invitation")
        expect(rows).toHaveLength(1)
        expect(rows[0].token_hash).toBe(hashInvitationToken(token))
        const everything = JSON.stringify(rows)
        expect(everything).not.toContain(token)
        expect(everything).not.toContain(Buffer.from(token, "base64url").toString("hex"))
        expect(invitation.expires_at.toISOString()).toBe("2026-06-18T12:00:00.000Z")
      })
    })

    describe("usability", () => {
      it("finds an open invitation by its token's hash until it expires", async () => {
        const { token, invitation } = await invite()
        const hash = hashInvitationToken(token)
        expect((await service.findUsableInvitation(hash, NOW))?.id).toBe(invitation.id)
        expect(await service.findUsableInvitation(hash, new Date(NOW.getTime() + TTL - 1))).not.toBeNull()
        expect(await service.findUsableInvitation(hash, new Date(NOW.getTime() + TTL))).toBeNull()
        expect(await service.findUsableInvitation(hashInvitationToken(newInvitationToken()), NOW)).toBeNull()
      })

      it("a new invitation revokes the older one: only the newer token works", async () => {
        const first = await invite("cus_a")
        const second = await invite("cus_a", new Date(NOW.getTime() + 1000))
        expect(second.revoked_ids).toEqual([first.invitation.id])
        expect(await service.findUsableInvitation(hashInvitationToken(first.token), NOW)).toBeNull()
        expect((await service.findUsableInvitation(hashInvitationToken(second.token), NOW))?.id).toBe(
          second.invitation.id
        )
      })

      it("concurrent invitations for one customer leave exactly one usable", async () => {
        const results = await Promise.all(Array.from({ length: 6 }, () => invite("cus_race")))
        const usable = await sql(
          "SELECT id FROM portal_invitation WHERE customer_id = 'cus_race' AND revoked_at IS NULL AND accepted_at IS NULL"
        )
        expect(usable).toHaveLength(1)
        const working: string[] = []
        for (const r of results) {
          if (await service.findUsableInvitation(hashInvitationToken(r.token), NOW)) working.push(r.invitation.id)
        }
        expect(working).toEqual([usable[0].id])
      })

      it("a claim succeeds once, even concurrently, and a released claim can be made again", async () => {
        const { token, invitation } = await invite()
        const hash = hashInvitationToken(token)
        const claims = await Promise.all(Array.from({ length: 5 }, () => service.claimInvitation(hash, NOW)))
        const won = claims.filter(Boolean)
        expect(won).toHaveLength(1)
        expect(won[0]!.id).toBe(invitation.id)
        expect(await service.claimInvitation(hash, NOW)).toBeNull()
        expect(await service.findUsableInvitation(hash, NOW)).toBeNull()

        await service.releaseInvitation(invitation.id, won[0]!.accepted_at!)
        expect((await service.claimInvitation(hash, NOW))?.id).toBe(invitation.id)
      })

      it("an expired or revoked invitation cannot be claimed", async () => {
        const expired = await invite("cus_old", new Date(NOW.getTime() - TTL - 1))
        expect(await service.claimInvitation(hashInvitationToken(expired.token), NOW)).toBeNull()

        const revoked = await invite("cus_rev")
        const done = await service.revokeOpenInvitations(["cus_rev", "cus_none"], NOW)
        expect(done).toEqual([{ id: revoked.invitation.id, customer_id: "cus_rev" }])
        expect(await service.claimInvitation(hashInvitationToken(revoked.token), NOW)).toBeNull()

        await service.unrevokeInvitations([revoked.invitation.id], NOW)
        expect(await service.claimInvitation(hashInvitationToken(revoked.token), NOW)).not.toBeNull()
      })

      it("undoing a creation deletes the new invitation and reopens the one it revoked", async () => {
        const first = await invite("cus_a")
        const second = await invite("cus_a", new Date(NOW.getTime() + 1000))
        await service.undoCreateInvitations({
          created_ids: [second.invitation.id],
          revoked_ids: second.revoked_ids,
          revoked_at: new Date(NOW.getTime() + 1000),
        })
        expect(await service.findUsableInvitation(hashInvitationToken(second.token), NOW)).toBeNull()
        expect((await service.findUsableInvitation(hashInvitationToken(first.token), NOW))?.id).toBe(first.invitation.id)
      })
    })

    describe("listing", () => {
      it("latest invitation per customer and customers by pending state", async () => {
        await invite("cus_a", new Date(NOW.getTime() - 2 * TTL))
        const aNew = await invite("cus_a", new Date(NOW.getTime() - TTL - HOUR)) // expired
        const b = await invite("cus_b") // open
        const c = await invite("cus_c")
        await service.claimInvitation(hashInvitationToken(c.token), NOW) // accepted
        await invite("cus_d")
        await service.revokeOpenInvitations(["cus_d"], NOW) // revoked

        const latest = await service.listLatestInvitations(["cus_a", "cus_b", "cus_c", "cus_x"])
        expect(latest.map((i) => i.id).sort()).toEqual([aNew.invitation.id, b.invitation.id, c.invitation.id].sort())

        expect(await service.listPendingInvitations(NOW, "open")).toEqual([{ customer_id: "cus_b", email: "cus_b@test.dev" }])
        expect(await service.listPendingInvitations(NOW, "expired")).toEqual([{ customer_id: "cus_a", email: "cus_a@test.dev" }])
        expect((await service.listPendingInvitations(NOW)).map((p) => p.customer_id).sort()).toEqual(["cus_a", "cus_b"])
      })
    })
  },
})
