import { AdminUpdatePortalSettings } from "../validators"

const BUILT_INS = ["toString", "constructor", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__"]

describe("AdminUpdatePortalSettings: keys named after Object.prototype members", () => {
  it.each(["tabs", "autopay", "history", "theme", "recipients"])("are not settings under %s", (section) => {
    for (const key of BUILT_INS) {
      const result = AdminUpdatePortalSettings.safeParse(JSON.parse(`{"${section}":{"${key}":true}}`))
      expect({ key, success: result.success }).toEqual({ key, success: false })
      expect(result.error!.issues.map((i) => i.message)).toEqual([`${section}.${key} is not a setting`])
    }
  })
})
