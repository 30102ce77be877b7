import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { chargeAutopayEnrollmentsStep } from "../steps/charge-autopay-enrollments"
import { finishAutopayRunStep } from "../steps/finish-autopay-run"
import { startAutopayRunStep } from "../steps/start-autopay-run"

export type RunAutopayWorkflowInput = {
  trigger: "schedule" | "admin"
  /** only this customer's enrollment */
  customer_id?: string | null
  /** defaults to the time the run starts; tests pass a date */
  now?: string | Date
}

export const runAutopayWorkflowId = "run-autopay"

/** An autopay run: recorded, every active enrollment charged what is due, counts recorded. */
export const runAutopayWorkflow = createWorkflow(runAutopayWorkflowId, (input: RunAutopayWorkflowInput) => {
  const startInput = transform({ input }, ({ input }) => ({
    trigger: input.trigger,
    customer_id: input.customer_id ?? null,
    now: input.now ?? new Date(),
  }))
  const { run_id } = startAutopayRunStep(startInput)
  const chargeInput = transform({ startInput, run_id }, ({ startInput, run_id }) => ({
    run_id,
    customer_id: startInput.customer_id,
    now: startInput.now,
  }))
  const charged = chargeAutopayEnrollmentsStep(chargeInput)
  const finished = finishAutopayRunStep(charged)
  return new WorkflowResponse(finished)
})
