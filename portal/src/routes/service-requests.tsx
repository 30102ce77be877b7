import { ServicePage } from "../components/service/service-page"

/** Service requests (DESIGN sec. 13): a request (optionally about an invoice, with a preferred date), and the threads with status and replies. */
export default function ServiceRequestsPage() {
  return <ServicePage kind="request" />
}
