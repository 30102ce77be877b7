import { Module } from "@medusajs/framework/utils"
import AutopayModuleService from "./service"

export const AUTOPAY_MODULE = "autopay"

export default Module(AUTOPAY_MODULE, {
  service: AutopayModuleService,
})

export { AutopayModuleService }
