import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { formatDisplayId } from "../../src/domain/invoice-status"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { createServiceRequestStep, updateServiceRequestStateStep } from "../../src/workflows/service-requests/steps"
import { closeServiceRequestWorkflow } from "../../src/workflows/service-requests/workflows/close-service-request"
import {
  createAdmin,
  createLoggedInCustomer,
  createPublishableKey,
  eventually,
  setStoreCurrencies,
  settle,
} from "../helpers"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)

// A step that always fails, to force the compensation of the steps before it.
const failingStep = createStep("service-request-test-failing-step", async () => {
  throw new Error("forced failure after the step under test")
})
const createThenFail = createWorkflow("service-request-test-create-then-fail", (input: any) => {
  const created = createServiceRequestStep(input)
  failingStep()
  return new WorkflowResponse(created)
})
const replyThenFail = createWorkflow("service-request-test-reply-then-fail", (input: any) => {
  const updated = updateServiceRequestStateStep(input)
  failingStep()
  return new WorkflowResponse(updated)
})

// Another admin closes the request after the reply, and then the workflow fails.
const closeMeanwhileStep = createStep("service-request-test-close-meanwhile", async (input: { id: string }, { container }) => {
  await closeServiceRequestWorkflow(container).run({ input: { id: input.id, now: new Date() } })
})
const replyThenCloseThenFail = createWorkflow("service-request-test-reply-close-fail", (input: any) => {
  const updated = updateServiceRequestStateStep(input)
  closeMeanwhileStep({ id: input.id })
  failingStep()
  return new WorkflowResponse(updated)
})

type Who = { id: string; headers: Record<string, string> }

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let key: string
    let jane: Who
    let other: Who
    let invoicing: InvoicingModuleService
    let portal: PortalModuleService
    let janeInvoice: any
    let janeDraft: any
    let otherInvoice: any

    const issuedInvoice = async (customerId: string) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: "usd",
        due_at: new Date(Date.now() + 10 * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: "80.00" }],
      })
      return invoicing.issueInvoice(draft.id, { now: new Date() })
    }

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      portal = container.resolve(PORTAL_MODULE)
      await setStoreCurrencies(container, ["usd"])
      admin = await createAdmin(container, api)
      key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      janeInvoice = await issuedInvoice(jane.id)
      janeDraft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(Date.now() + 10 * DAY),
        lines: [{ title: "Draft", quantity: "1", unit_price: "5.00" }],
      })
      otherInvoice = await issuedInvoice(other.id)
    })

    const send = (body: Record<string, unknown>, who: Who = jane) =>
      settle(api.post("/store/billing/service-requests", body, { headers: who.headers }))
    const list = (who: Who = jane, query = "") =>
      settle(api.get(`/store/billing/service-requests${query}`, { headers: who.headers }))
    const getOne = (id: string, who: Who = jane) =>
      settle(api.get(`/store/billing/service-requests/${id}`, { headers: who.headers }))
    const emails = async (template: string) =>
      ((await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ template } as any)) as any[]).sort(
        (a, b) => String(a.to).localeCompare(String(b.to))
      )
    const note = { kind: "note", subject: "Gate code", message: "The gate code changed to 4455." }
    const request = { kind: "request", subject: "Boiler service", message: "Please service the boiler." }

    describe("store", () => {
      it("a customer sends a note and a request and sees only their own, newest first", async () => {
        const preferred = dateIn(7)
        const createdNote = await send({ ...note, invoice_id: janeInvoice.id })
        expect(createdNote.status).toBe(201)
        expect(createdNote.data.service_request).toEqual({
          id: expect.stringMatching(/^sreq_/),
          kind: "note",
          subject: "Gate code",
          message: "The gate code changed to 4455.",
          preferred_date: null,
          invoice_id: janeInvoice.id,
          invoice_number: formatDisplayId(janeInvoice.display_id),
          status: "open",
          admin_reply: null,
          replied_at: null,
          closed_at: null,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        })
        const createdRequest = await send({ ...request, subject: "  Boiler service  ", preferred_date: preferred })
        expect(createdRequest.status).toBe(201)
        expect(createdRequest.data.service_request).toMatchObject({
          kind: "request",
          subject: "Boiler service",
          preferred_date: preferred,
          invoice_id: null,
          invoice_number: null,
          status: "open",
        })

        const all = await list()
        expect(all.status).toBe(200)
        expect(all.data).toMatchObject({ count: 2, offset: 0, limit: 20 })
        expect(all.data.service_requests.map((r: any) => r.id)).toEqual([
          createdRequest.data.service_request.id,
          createdNote.data.service_request.id,
        ])
        const notes = await list(jane, "?kind=note")
        expect(notes.data.service_requests.map((r: any) => r.id)).toEqual([createdNote.data.service_request.id])
        const paged = await list(jane, "?limit=1&offset=1")
        expect(paged.data).toMatchObject({ count: 2, offset: 1, limit: 1 })
        expect(paged.data.service_requests.map((r: any) => r.id)).toEqual([createdNote.data.service_request.id])
        expect((await list(jane, "?status=closed")).data).toMatchObject({ count: 0, service_requests: [] })

        const one = await getOne(createdNote.data.service_request.id)
        expect(one.status).toBe(200)
        expect(one.data.service_request).toEqual(createdNote.data.service_request)

        // the second customer sees none of it
        expect((await list(other)).data).toMatchObject({ count: 0, service_requests: [] })
        const foreign = await getOne(createdNote.data.service_request.id, other)
        expect(foreign.status).toBe(404)
        expect(foreign.data.message).toBe(`Service request with id: ${createdNote.data.service_request.id} was not found`)
        expect((await getOne("sreq_unknown")).status).toBe(404)
      })

      it("answers 401 without a customer login", async () => {
        const headers = { "x-publishable-api-key": key }
        expect((await settle(api.get("/store/billing/service-requests", { headers }))).status).toBe(401)
        expect((await settle(api.post("/store/billing/service-requests", note, { headers }))).status).toBe(401)
        expect((await settle(api.get("/store/billing/service-requests/sreq_x", { headers }))).status).toBe(401)
        expect(await portal.listServiceRequests({})).toEqual([])
      })

      it("rejects bad input with a 400 naming the field, and never reveals another customer's invoice", async () => {
        const invalid = (m: string) => `Invalid request: ${m}`
        const cases: Array<[Record<string, unknown>, string]> = [
          [{ subject: "s", message: "m" }, invalid("Field 'kind' is required")],
          [{ ...note, kind: "complaint" }, invalid("kind must be one of: note, request")],
          [{ ...note, subject: "   " }, invalid("subject must not be empty")],
          [{ ...note, subject: "x".repeat(201) }, invalid("subject must be at most 200 characters")],
          [{ kind: "note", subject: "s" }, invalid("Field 'message' is required")],
          [{ ...note, message: "x".repeat(5001) }, invalid("message must be at most 5000 characters")],
          [{ ...note, preferred_date: "next tuesday" }, invalid("preferred_date must be a date in the form YYYY-MM-DD")],
          [{ ...note, preferred_date: "2030-02-30" }, invalid("preferred_date must be a date in the form YYYY-MM-DD")],
          [{ ...note, preferred_date: dateIn(-3) }, "preferred_date must not be in the past"],
          [{ ...note, invoice_id: "inv_unknown" }, "invoice_id: invoice inv_unknown was not found"],
          [{ ...note, invoice_id: janeDraft.id }, `invoice_id: invoice ${janeDraft.id} was not found`],
          [{ ...note, invoice_id: otherInvoice.id }, `invoice_id: invoice ${otherInvoice.id} was not found`],
          [{ ...note, customer_id: other.id }, invalid("Unrecognized fields: 'customer_id'")],
        ]
        for (const [body, message] of cases) {
          const res = await send(body)
          expect({ body, status: res.status, message: res.data.message }).toEqual({ body, status: 400, message })
        }
        // a long message at the limit is fine
        expect((await send({ ...note, subject: "x".repeat(200), message: "y".repeat(5000) })).status).toBe(201)
        expect(await portal.listServiceRequests({})).toHaveLength(1)
        const filter = await list(jane, "?kind=complaint")
        expect(filter.status).toBe(400)
        expect(filter.data.message).toContain("kind must be one of: note, request")
      })

      it("a switched-off tab answers 403 for its kind only", async () => {
        const sentNote = (await send(note)).data.service_request
        const sentRequest = (await send(request)).data.service_request

        await portal.updateSettings({ tabs: { service_notes: false } })
        const refusedNote = await send(note)
        expect(refusedNote.status).toBe(403)
        expect(refusedNote.data).toEqual({
          type: "not_allowed",
          message: "The Service notes section of the billing portal is disabled",
        })
        expect((await list(jane, "?kind=note")).data).toEqual(refusedNote.data)
        expect((await getOne(sentNote.id)).status).toBe(403)
        // the other kind still works, and the list shows only it
        expect((await send(request)).status).toBe(201)
        const visible = await list()
        expect(visible.data.count).toBe(2)
        expect(visible.data.service_requests.every((r: any) => r.kind === "request")).toBe(true)
        // another customer's note is still a 404, not a 403
        expect((await getOne(sentNote.id, other)).status).toBe(404)

        await portal.updateSettings({ tabs: { service_notes: true, service_requests: false } })
        const refusedRequest = await send(request)
        expect(refusedRequest.status).toBe(403)
        expect(refusedRequest.data).toEqual({
          type: "not_allowed",
          message: "The Service requests section of the billing portal is disabled",
        })
        expect((await getOne(sentRequest.id)).status).toBe(403)
        expect((await send(note)).status).toBe(201)

        await portal.updateSettings({ tabs: { service_notes: false, service_requests: false } })
        const none = await list()
        expect(none.status).toBe(403)
        expect(none.data).toEqual({
          type: "not_allowed",
          message: "The Service notes section of the billing portal is disabled",
        })
        expect((await list(jane, "?kind=request")).status).toBe(403)
        expect(await portal.listServiceRequests({})).toHaveLength(4)

        await portal.updateSettings({ tabs: { service_notes: true, service_requests: true }, logins_enabled: false })
        const loginsOff = await list()
        expect(loginsOff.status).toBe(403)
        expect(loginsOff.data).toEqual({ type: "not_allowed", message: "Portal logins are disabled" })
      })
    })

    describe("emails", () => {
      it("emails each new note or request to the recipients set for its kind, once each", async () => {
        await portal.updateSettings({
          support_email: "support@biz.test",
          recipients: { service_notes: ["office@biz.test", "dispatch@biz.test"], service_requests: ["service@biz.test"] },
        })
        const sentNote = (await send({ ...note, invoice_id: janeInvoice.id })).data.service_request
        const sentRequest = (await send({ ...request, preferred_date: dateIn(3) })).data.service_request

        const sent = await eventually(
          () => emails("billing.service_request"),
          (e) => e.length >= 3
        )
        expect(sent.map((e) => [e.to, e.resource_id])).toEqual([
          ["dispatch@biz.test", sentNote.id],
          ["office@biz.test", sentNote.id],
          ["service@biz.test", sentRequest.id],
        ])
        const noteEmail = sent.find((e) => e.to === "office@biz.test")
        expect(noteEmail.channel).toBe("email")
        expect(noteEmail.data).toMatchObject({
          subject: "New service note from Jane Customer: Gate code",
          customer: { name: "Jane Customer", email: "jane@test.dev", first_name: "Jane" },
          request: {
            kind: "note",
            subject: "Gate code",
            message: "The gate code changed to 4455.",
            preferred_date: "",
            invoice: formatDisplayId(janeInvoice.display_id),
          },
        })
        expect(noteEmail.data.text).toContain(`Invoice: ${formatDisplayId(janeInvoice.display_id)}`)
        const requestEmail = sent.find((e) => e.to === "service@biz.test")
        expect(requestEmail.data.request).toMatchObject({ kind: "request", preferred_date: dateIn(3), invoice: "" })

        // no recipients for the kind: the support email is the fallback
        await portal.updateSettings({ recipients: { service_requests: [] } })
        const fallback = (await send(request)).data.service_request
        const withFallback = await eventually(
          () => emails("billing.service_request"),
          (e) => e.length >= 4
        )
        expect(withFallback.filter((e) => e.resource_id === fallback.id).map((e) => e.to)).toEqual(["support@biz.test"])

        // neither: nobody is emailed (a marker note proves the subscriber ran)
        await portal.updateSettings({ support_email: null })
        const unsent = (await send(request)).data.service_request
        const marker = (await send(note)).data.service_request
        const final = await eventually(
          () => emails("billing.service_request"),
          (e) => e.filter((x) => x.resource_id === marker.id).length === 2
        )
        expect(final.filter((e) => e.resource_id === marker.id)).toHaveLength(2)
        expect(final.filter((e) => e.resource_id === unsent.id)).toEqual([])
        expect(final).toHaveLength(6)
      })
    })

    describe("admin", () => {
      it("lists with the customer, filters, replies and closes; the customer sees the reply and gets an email", async () => {
        const janeNote = (await send(note)).data.service_request
        const janeRequest = (await send({ ...request, invoice_id: janeInvoice.id })).data.service_request
        const otherRequest = (await send({ ...request, subject: "Leaking tap" }, other)).data.service_request

        const all = await api.get("/admin/billing/service-requests", admin)
        expect(all.data).toMatchObject({ count: 3, offset: 0, limit: 20 })
        expect(all.data.service_requests.map((r: any) => r.id)).toEqual([otherRequest.id, janeRequest.id, janeNote.id])
        expect(all.data.service_requests[1]).toMatchObject({
          customer_id: jane.id,
          customer: { id: jane.id, email: "jane@test.dev", first_name: "Jane", last_name: "Customer", name: "Jane Customer" },
          invoice_number: formatDisplayId(janeInvoice.display_id),
        })
        const ids = async (query: string) =>
          (await api.get(`/admin/billing/service-requests${query}`, admin)).data.service_requests.map((r: any) => r.id)
        expect(await ids(`?customer_id=${jane.id}`)).toEqual([janeRequest.id, janeNote.id])
        expect(await ids("?kind=note")).toEqual([janeNote.id])
        expect(await ids("?q=leaking")).toEqual([otherRequest.id])
        expect(await ids("?q=other@test")).toEqual([otherRequest.id])
        expect(await ids("?q=100%25")).toEqual([])
        const badFilter = await settle(api.get("/admin/billing/service-requests?status=pending", admin))
        expect(badFilter.status).toBe(400)
        expect(badFilter.data.message).toContain("status must be one of: open, in_progress, closed")

        const detail = await api.get(`/admin/billing/service-requests/${janeRequest.id}`, admin)
        expect(detail.data.service_request).toMatchObject({ id: janeRequest.id, customer: { email: "jane@test.dev" } })
        expect((await settle(api.get("/admin/billing/service-requests/sreq_missing", admin))).status).toBe(404)

        // reply: in_progress by default
        const badReply = await settle(api.post(`/admin/billing/service-requests/${janeRequest.id}/reply`, {}, admin))
        expect(badReply.status).toBe(400)
        expect(badReply.data.message).toContain("message")
        const blankReply = await settle(
          api.post(`/admin/billing/service-requests/${janeRequest.id}/reply`, { message: "  " }, admin)
        )
        expect(blankReply.status).toBe(400)
        expect(blankReply.data.message).toContain("message must not be empty")
        const badStatus = await settle(
          api.post(`/admin/billing/service-requests/${janeRequest.id}/reply`, { message: "x", status: "open" }, admin)
        )
        expect(badStatus.status).toBe(400)
        expect(badStatus.data.message).toContain("status must be one of: in_progress, closed")
        const missing = await settle(api.post("/admin/billing/service-requests/sreq_missing/reply", { message: "x" }, admin))
        expect(missing.status).toBe(404)

        const replied = await api.post(
          `/admin/billing/service-requests/${janeRequest.id}/reply`,
          { message: "A technician comes on Tuesday." },
          admin
        )
        expect(replied.data.service_request).toMatchObject({
          status: "in_progress",
          admin_reply: "A technician comes on Tuesday.",
          replied_at: expect.any(String),
          closed_at: null,
        })
        expect(await ids("?status=in_progress")).toEqual([janeRequest.id])
        const seen = (await getOne(janeRequest.id)).data.service_request
        expect(seen).toMatchObject({ status: "in_progress", admin_reply: "A technician comes on Tuesday." })

        const replyEmails = await eventually(
          () => emails("billing.service_request_reply"),
          (e) => e.length >= 1
        )
        expect(replyEmails).toHaveLength(1)
        expect(replyEmails[0]).toMatchObject({ to: "jane@test.dev", channel: "email", resource_id: janeRequest.id })
        expect(replyEmails[0].data).toMatchObject({
          subject: "Re: Boiler service",
          customer: { first_name: "Jane" },
          request: { subject: "Boiler service", reply: "A technician comes on Tuesday.", status: "In progress" },
        })
        expect(replyEmails[0].data.text).toContain("A technician comes on Tuesday.")

        // close; closing again changes nothing
        const closed = await api.post(`/admin/billing/service-requests/${janeRequest.id}/close`, {}, admin)
        expect(closed.data.service_request).toMatchObject({ status: "closed", closed_at: expect.any(String) })
        const again = await api.post(`/admin/billing/service-requests/${janeRequest.id}/close`, {}, admin)
        expect(again.data.service_request.closed_at).toBe(closed.data.service_request.closed_at)
        expect((await getOne(janeRequest.id)).data.service_request).toMatchObject({
          status: "closed",
          closed_at: closed.data.service_request.closed_at,
          admin_reply: "A technician comes on Tuesday.",
        })
        expect(await ids("?status=closed")).toEqual([janeRequest.id])

        // a reply to a closed request keeps it closed unless it reopens it
        const lastWord = await api.post(
          `/admin/billing/service-requests/${janeRequest.id}/reply`,
          { message: "Invoice adjusted." },
          admin
        )
        expect(lastWord.data.service_request).toMatchObject({
          status: "closed",
          admin_reply: "Invoice adjusted.",
          closed_at: closed.data.service_request.closed_at,
        })
        const reopened = await api.post(
          `/admin/billing/service-requests/${janeRequest.id}/reply`,
          { message: "Reopened: the part failed again.", status: "in_progress" },
          admin
        )
        expect(reopened.data.service_request).toMatchObject({ status: "in_progress", closed_at: null })
        const direct = await api.post(
          `/admin/billing/service-requests/${janeNote.id}/reply`,
          { message: "Noted, thanks.", status: "closed" },
          admin
        )
        expect(direct.data.service_request).toMatchObject({ status: "closed", closed_at: expect.any(String) })

        // every reply is emailed once; the other customer's request was never touched
        const allReplies = await eventually(
          () => emails("billing.service_request_reply"),
          (e) => e.length >= 4
        )
        expect(allReplies.map((e) => e.data.request.reply).sort()).toEqual([
          "A technician comes on Tuesday.",
          "Invoice adjusted.",
          "Noted, thanks.",
          "Reopened: the part failed again.",
        ])
        expect(allReplies.every((e) => e.to === "jane@test.dev")).toBe(true)
        expect((await getOne(otherRequest.id, other)).data.service_request).toMatchObject({ status: "open", admin_reply: null })
      })

      it("a reply and a close sent at once end as one after the other would: closed, the reply kept", async () => {
        // Either order gives the same end: reply then close, or close then a
        // last word that keeps the request closed. Several rounds, so that the
        // two really overlap.
        const sent = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => send({ ...request, subject: `Race ${n}` })))
        const answers = await Promise.all(
          sent.map(async ({ data }) => {
            const id = data.service_request.id
            const [replied, closed] = await Promise.all([
              settle(api.post(`/admin/billing/service-requests/${id}/reply`, { message: `Answer to ${id}` }, admin)),
              settle(api.post(`/admin/billing/service-requests/${id}/close`, {}, admin)),
            ])
            return { id, replied, closed }
          })
        )
        for (const { id, replied, closed } of answers) {
          expect([replied.status, closed.status]).toEqual([200, 200])
          const stored = (await getOne(id)).data.service_request
          expect({ id, status: stored.status, admin_reply: stored.admin_reply, closed: !!stored.closed_at }).toEqual({
            id,
            status: "closed",
            admin_reply: `Answer to ${id}`,
            closed: true,
          })
          expect(stored.replied_at).toBe(replied.data.service_request.replied_at)
        }
        // the other customer cannot see any of them
        for (const { id } of answers) expect((await getOne(id, other)).status).toBe(404)
      })

      it("two replies sent at once are each emailed with their own text", async () => {
        // Several requests, two replies at once to each, so that the replies really overlap.
        const sent = await Promise.all(
          [1, 2, 3, 4, 5, 6, 7, 8].map(async (n) => (await send({ ...request, subject: `Pair ${n}` })).data.service_request)
        )
        const textsOf = (id: string) => [`First answer to ${id}.`, `Second answer to ${id}.`]
        const answers = await Promise.all(
          sent.flatMap((r: any) =>
            textsOf(r.id).map((message) =>
              settle(api.post(`/admin/billing/service-requests/${r.id}/reply`, { message }, admin))
            )
          )
        )
        expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200))
        const replyEmails = await eventually(
          () => emails("billing.service_request_reply"),
          (e) => e.length >= 16
        )
        expect(replyEmails.every((e) => e.to === "jane@test.dev" && e.data.request.status === "In progress")).toBe(true)
        for (const r of sent) {
          const own = replyEmails.filter((e) => e.resource_id === r.id).map((e) => e.data.request.reply)
          expect({ id: r.id, replies: own.sort() }).toEqual({ id: r.id, replies: textsOf(r.id) })
          // the request keeps the reply written last
          expect(textsOf(r.id)).toContain((await getOne(r.id)).data.service_request.admin_reply)
          expect((await getOne(r.id, other)).status).toBe(404)
        }
      })

      it("admin routes need an admin login", async () => {
        expect((await settle(api.get("/admin/billing/service-requests"))).status).toBe(401)
        expect((await settle(api.get("/admin/billing/service-requests", { headers: jane.headers }))).status).toBe(401)
        const sent = (await send(note)).data.service_request
        const res = await settle(
          api.post(`/admin/billing/service-requests/${sent.id}/close`, {}, { headers: jane.headers })
        )
        expect(res.status).toBe(401)
        expect((await getOne(sent.id)).data.service_request.status).toBe("open")
      })
    })

    describe("compensation", () => {
      it("undoes a create when a later step fails", async () => {
        const { errors } = await createThenFail(getContainer()).run({
          input: { customer_id: jane.id, kind: "note", subject: "s", message: "m" },
          throwOnError: false,
        })
        expect(errors[0].error.message).toBe("forced failure after the step under test")
        expect(await portal.listServiceRequests({})).toEqual([])
      })

      it("puts the previous state back when a later step fails after a reply", async () => {
        const sent = (await send(note)).data.service_request
        await api.post(`/admin/billing/service-requests/${sent.id}/reply`, { message: "First" }, admin)
        const before = await portal.retrieveServiceRequest(sent.id)
        const { errors } = await replyThenFail(getContainer()).run({
          input: { id: sent.id, change: { type: "reply", message: "Second", status: "closed" }, now: new Date() },
          throwOnError: false,
        })
        expect(errors[0].error.message).toBe("forced failure after the step under test")
        const after = await portal.retrieveServiceRequest(sent.id)
        expect({
          status: after.status,
          admin_reply: after.admin_reply,
          replied_at: after.replied_at,
          closed_at: after.closed_at,
        }).toEqual({ status: "in_progress", admin_reply: "First", replied_at: before.replied_at, closed_at: null })
      })

      it("a failed reply is taken back without undoing a close made after it", async () => {
        const sent = (await send(note)).data.service_request
        await api.post(`/admin/billing/service-requests/${sent.id}/reply`, { message: "First" }, admin)
        const { errors } = await replyThenCloseThenFail(getContainer()).run({
          input: { id: sent.id, change: { type: "reply", message: "Second" }, now: new Date() },
          throwOnError: false,
        })
        expect(errors[0].error.message).toBe("forced failure after the step under test")
        const after = await portal.retrieveServiceRequest(sent.id)
        // as if only the close had happened: the failed reply is taken back, the close stays
        // (putting the whole previous state back would reopen the request the other admin closed)
        expect({ status: after.status, admin_reply: after.admin_reply, closed: !!after.closed_at }).toEqual({
          status: "closed",
          admin_reply: "First",
          closed: true,
        })
      })
    })
  },
})
