const path = require("path")

const UI_COMPONENTS = require("./ui-components.cjs")

/** Medusa UI's preset (see ui-preset.cjs) plus the portal's theme colours, which come from the portal settings at run time. */
module.exports = {
  presets: [require("./ui-preset.cjs")],
  content: [
    path.join(__dirname, "index.html"),
    path.join(__dirname, "src/**/*.{ts,tsx}"),
    // the first frame the server renders before the scripts run (its classes must exist in the CSS)
    path.join(__dirname, "../src/api/hosted-portal/first-frame.ts"),
    // only the @medusajs/ui components the portal renders (ui-components.cjs)
    ...UI_COMPONENTS.map((name) => path.join(path.dirname(require.resolve("@medusajs/ui")), `../esm/components/${name}/*.js`)),
  ],
  darkMode: "class",
  theme: {
    extend: {
      colors: {
        portal: {
          primary: "var(--portal-primary)",
          "on-primary": "var(--portal-on-primary)",
          background: "var(--portal-background)",
          "on-background": "var(--portal-on-background)",
          "on-background-subtle": "var(--portal-on-background-subtle)",
        },
      },
    },
  },
}
