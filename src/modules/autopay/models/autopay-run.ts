import { model } from "@medusajs/framework/utils"

/** One autopay run (scheduled, or started by an admin), with its counts. */
const AutopayRun = model
  .define("autopay_run", {
    id: model.id({ prefix: "aprun" }).primaryKey(),
    trigger: model.enum(["schedule", "admin"]),
    customer_id: model.text().nullable(),
    started_at: model.dateTime(),
    finished_at: model.dateTime().nullable(),
    enrollments: model.number().default(0),
    charged: model.number().default(0),
    skipped: model.number().default(0),
    failed: model.number().default(0),
    errors: model.json().nullable(),
  })
  .indexes([{ on: ["trigger", "started_at"], where: "deleted_at IS NULL" }])

export default AutopayRun
