import { ServicePage } from "../components/service/service-page"

/** Service notes (DESIGN sec. 13): a note to the business, and the notes sent with their replies. */
export default function ServiceNotesPage() {
  return <ServicePage kind="note" />
}
