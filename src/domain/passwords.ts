/**
 * The length a portal password must have (the invitation's accept route
 * checks it; the portal's activate and reset forms check the same before
 * sending). Pure and browser-safe.
 */
export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 128
