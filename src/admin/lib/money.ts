/**
 * Money in the admin: the store client's formatter (decimal text straight to
 * Intl.NumberFormat) and the domain's exact conversions, so a total the page
 * shows before saving (an invoice's lines) is summed in integer minor units,
 * never in floats.
 */
export { formatMoney } from "../../client/money"
export { currencyExponent, toMajor, toMinor, MoneyError } from "../../domain/money"
