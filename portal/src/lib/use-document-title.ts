import { useEffect } from "react"
import { config } from "../config"

/** "<page> · <business>" in the browser tab. */
export function useDocumentTitle(page: string, businessName: string | null = config.business_name) {
  useEffect(() => {
    document.title = [page, businessName || "Billing portal"].filter(Boolean).join(" · ")
  }, [page, businessName])
}
