import { DEFAULT_ALLOCATIONS_LIMIT } from "../../../../domain/allocation"
import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { paymentRequestHash } from "../../../../domain/idempotency"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { getBillingOptions } from "../../../../utils/options"
import { createCustomerPaymentWorkflow } from "../../../../workflows/payments/workflows/create-customer-payment"
import { requireIdempotencyKey, runKeyed } from "../../../utils/idempotency"
import { toRangeFilter } from "../../../utils/validators"
import { portalSettingsFor } from "../../../utils/portal-gates"
import { serializePayment } from "../../../utils/serializers"
import { paymentRequestFrom, StoreGetPaymentsType, StorePaymentBodyType } from "../validators"

export const POST = async (req: AuthenticatedMedusaRequest<StorePaymentBodyType>, res: MedusaResponse) => {
  const key = requireIdempotencyKey(req)
  const body = req.validatedBody
  if (!body.payment_method) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "payment_method is required")
  }
  const method = body.payment_method.type as "card" | "us_bank_account"
  // the settings the portal gates already read for this request (handed to the reservation too)
  const settings = await portalSettingsFor(req)
  if (!settings.payment_methods.includes(method)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `payment_method.type: ${method} payments are not offered`)
  }
  const options = getBillingOptions(req.scope)
  const ran = await runKeyed(
    res,
    createCustomerPaymentWorkflow(req.scope).run({
      input: {
        ...paymentRequestFrom(body, req.auth_context.actor_id),
        expected_amount: body.expected_amount,
        method,
        source: "portal",
        provider_id: options.paymentProviders[method],
        idempotency_key: key,
        request_hash: paymentRequestHash(body),
        note: body.note ?? null,
        payment_method: body.payment_method as any,
        portal_settings: settings,
      },
    })
  )
  if (!ran) return
  const { result } = ran
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  // one query for the payment and its allocations (no ORM entities to build)
  const payment = await invoicing.retrievePaymentWithAllocations(result.payment_id)
  res.status(result.created ? 201 : 200).json({
    payment: serializePayment(payment, { next_action: result.next_action, allocations_limit: body.allocations_limit ?? DEFAULT_ALLOCATIONS_LIMIT }),
    ...(result.saved_payment_method ? { saved_payment_method: result.saved_payment_method } : {}),
  })
}

export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetPaymentsType>, res: MedusaResponse) => {
  const query = req.validatedQuery as StoreGetPaymentsType
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const filters: Record<string, unknown> = { customer_id: req.auth_context.actor_id }
  if (query.status) filters.status = query.status
  const createdAt = toRangeFilter(query.created_at)
  if (createdAt) filters.created_at = createdAt
  const [payments, count] = await invoicing.listAndCountCustomerPayments(filters, {
    relations: ["allocations"],
    // the id breaks ties (payments made in the same millisecond), so no page repeats or skips one
    order: { created_at: "DESC", id: "DESC" },
    skip: query.offset,
    take: query.limit,
  })
  res.json({ payments: payments.map((p) => serializePayment(p)), count, offset: query.offset, limit: query.limit })
}
