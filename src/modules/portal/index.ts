import { Module } from "@medusajs/framework/utils"
import checkBillingOptions from "./loaders/check-billing-options"
import PortalModuleService from "./service"

export const PORTAL_MODULE = "portal"

export default Module(PORTAL_MODULE, {
  service: PortalModuleService,
  loaders: [checkBillingOptions],
})

export { PortalModuleService }
