// Level-payment amortisation (the annuity formula): the scheduled monthly payment of installment loans and
// mortgages (CRRG Base Segment field 15) and the principal left after k payments (field 21 Current Balance).

/** Level payment of an amortising loan (annuity formula). */
export function levelPayment(principal: number, apr: number, months: number): number {
  const i = apr / 12
  return i === 0 ? principal / months : (principal * i) / (1 - (1 + i) ** -months)
}

/** Principal outstanding after k level payments (`payment` when the caller has it already). */
export function amortisedBalance(
  principal: number,
  apr: number,
  months: number,
  k: number,
  payment = levelPayment(principal, apr, months),
): number {
  if (k >= months) return 0
  const i = apr / 12
  if (i === 0) return principal * (1 - k / months)
  const growth = (1 + i) ** k
  return Math.max(0, principal * growth - (payment * (growth - 1)) / i)
}
