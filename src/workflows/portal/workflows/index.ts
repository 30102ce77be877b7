export * from "./accept-portal-invitation"
export * from "./invite-portal-users"
export * from "./revoke-portal-invitations"
export * from "./send-portal-password-resets"
