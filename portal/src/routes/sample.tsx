import NotFoundPublic from "./forgot-password"

// Placeholder: replaced by the page itself (DESIGN sec. 13).
export default function Page() {
  return <NotFoundPublic />
}
