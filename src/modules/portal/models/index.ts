export { default as PortalSettings } from "./portal-settings"
export { default as PortalInvitation } from "./portal-invitation"
export { default as ServiceRequest } from "./service-request"
export { default as PayLink } from "./pay-link"
