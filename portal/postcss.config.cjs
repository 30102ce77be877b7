const path = require("path")

/**
 * Medusa UI's preset defines its dark theme's variables on `.dark`; the
 * portal has no dark mode (its colours are the business's theme, DESIGN
 * sec. 13), so those rules are dropped: they are ~15% of the stylesheet the
 * first paint waits for.
 */
const dropDarkTheme = () => ({
  postcssPlugin: "billing-portal-drop-dark-theme",
  Rule(rule) {
    if (rule.selector === ".dark") rule.remove()
  },
})
dropDarkTheme.postcss = true

module.exports = {
  plugins: [
    require("tailwindcss")({ config: path.join(__dirname, "tailwind.config.cjs") }),
    require("autoprefixer")(),
    dropDarkTheme(),
  ],
}
