import ComingSoonPage from "./coming-soon"

// Placeholder: replaced by the page itself (DESIGN sec. 13).
export default function Page() {
  return <ComingSoonPage title="Payment methods" />
}
