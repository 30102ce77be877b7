import type { MicrodepositsNextAction, NextAction } from "./types"

/** The next action as a MicrodepositsNextAction, when it is one. */
export function microdepositsAction(action: NextAction | null | undefined): MicrodepositsNextAction | null {
  return action?.type === "verify_with_microdeposits" && typeof action.hosted_verification_url === "string"
    ? { type: "verify_with_microdeposits", hosted_verification_url: action.hosted_verification_url }
    : null
}
