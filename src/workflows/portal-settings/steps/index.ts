export * from "./update-portal-settings"
