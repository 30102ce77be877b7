/**
 * The @medusajs/ui components the portal renders: those portal/src imports
 * from "@medusajs/ui", plus those they import in turn (alert → icon-button,
 * prompt → button and heading, textarea → input). Tailwind reads only these
 * components' files for class names (tailwind.config.cjs): the whole
 * library's classes would make the stylesheet the first paint waits for
 * about twice as large (DESIGN sec. 12). A component the portal starts to
 * use must be added here; src/api/hosted-portal/__tests__/portal-css.unit.spec.ts
 * fails until it is.
 */
module.exports = ["alert", "badge", "button", "checkbox", "container", "heading", "icon-button", "input", "label", "prompt", "text", "textarea"]
