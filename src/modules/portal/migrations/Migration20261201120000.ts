import { Migration } from "@medusajs/framework/mikro-orm/migrations"

// Object.getOwnPropertyNames(Object.prototype): the unknown-key check of the
// settings validator used `in`, which accepted these names under every
// section, so they may be stored. The code now ignores them on read; this
// removes them from the stored document.
const BUILT_IN_KEYS = [
  "constructor",
  "__defineGetter__",
  "__defineSetter__",
  "hasOwnProperty",
  "__lookupGetter__",
  "__lookupSetter__",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toString",
  "valueOf",
  "__proto__",
  "toLocaleString",
]
const SECTIONS = ["tabs", "autopay", "history", "theme", "recipients", "email_templates"]

export class Migration20261201120000 extends Migration {
  override async up(): Promise<void> {
    const keys = `ARRAY[${BUILT_IN_KEYS.map((k) => `'${k}'`).join(", ")}]::text[]`
    this.addSql(`UPDATE "portal_settings" SET "settings" = "settings" - ${keys} WHERE jsonb_typeof("settings") = 'object';`)
    for (const section of SECTIONS) {
      this.addSql(
        `UPDATE "portal_settings" SET "settings" = jsonb_set("settings", '{${section}}', ("settings"->'${section}') - ${keys}) ` +
          `WHERE jsonb_typeof("settings"->'${section}') = 'object';`
      )
    }
  }

  override async down(): Promise<void> {
    // the removed keys were never settings: nothing to restore
  }
}
