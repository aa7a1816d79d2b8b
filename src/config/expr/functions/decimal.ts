/**
 * Numbers as decimal digits, for printing them the way Terraform (Go's math/big) does: the shortest digits that
 * read back as the same number, or Terraform's own binary value of the number rounded half-to-even at a chosen digit.
 */

/** value = ±0.d₁d₂…dₙ × 10^point; `digits` has no leading or trailing zeros and is empty for zero. */
export interface Decimal {
  negative: boolean;
  digits: string;
  point: number;
}

/** The shortest digits that identify `n` among doubles (what `String(n)` prints, without its exponent form). */
export function shortestDecimal(n: number): Decimal {
  const negative = n < 0 || Object.is(n, -0);
  if (n === 0) return { negative, digits: '', point: 0 };
  const [mantissa = '', exponent = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  return { negative, digits, point: Number(exponent) + 1 };
}

/** Bits in the mantissa of Terraform's numbers (cty parses decimals into Go big.Floats of this precision). */
const TERRAFORM_PRECISION = 512;

const bitLength = (n: bigint): number => n.toString(2).length;

/**
 * The number Terraform holds for the decimal `n` is written as (its shortest digits, the literal a
 * configuration wrote), rounded half-to-even to a 512-bit binary fraction like Go's big.ParseFloat, then written
 * out exactly. Rounding this rather than the double's own binary value makes "%.1f" of 99.95 give "99.9", as in
 * Terraform, where the double (99.9500000000000028…) would give "100.0".
 */
export function terraformDecimal(n: number): Decimal {
  const d = shortestDecimal(n);
  const exp10 = d.point - d.digits.length;
  if (d.digits === '' || exp10 >= 0) return d; // an integer: exact at this precision for any double worth formatting
  const digits = BigInt(d.digits);
  const q = 10n ** BigInt(-exp10);
  let k = TERRAFORM_PRECISION + bitLength(q) - bitLength(digits);
  let m = (digits << BigInt(k)) / q;
  while (bitLength(m) > TERRAFORM_PRECISION) m = (digits << BigInt(--k)) / q;
  while (bitLength(m) < TERRAFORM_PRECISION) m = (digits << BigInt(++k)) / q;
  const twice = 2n * ((digits << BigInt(k)) % q);
  if (twice > q || (twice === q && m % 2n === 1n)) m += 1n;
  // value = m × 2^-k = m × 5^k × 10^-k
  const text = (m * 5n ** BigInt(k)).toString();
  return { negative: d.negative, digits: text.replace(/0+$/, ''), point: text.length - k };
}

/** `d` rounded half-to-even to `n` significant digits (Go's decimal.round: nothing happens for n < 0). */
export function roundDecimal(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.digits.length) return d;
  const next = d.digits.charCodeAt(n) - 48;
  const tie = next === 5 && n + 1 === d.digits.length;
  const up = tie ? n > 0 && (d.digits.charCodeAt(n - 1) - 48) % 2 === 1 : next >= 5;
  if (!up) return { ...d, digits: d.digits.slice(0, n).replace(/0+$/, '') };
  let i = n - 1;
  while (i >= 0 && d.digits[i] === '9') i--;
  if (i < 0) return { ...d, digits: '1', point: d.point + 1 };
  return { ...d, digits: d.digits.slice(0, i) + String.fromCharCode(d.digits.charCodeAt(i) + 1) };
}

/** The digit at position `i` (0 is the first significant one), '0' outside the digits. */
const digitAt = (d: Decimal, i: number): string => (i >= 0 && i < d.digits.length ? d.digits[i]! : '0');

/** `ddd.fff` with exactly `prec` fraction digits, no sign (Go's fmtF). */
export function fixedText(d: Decimal, prec: number): string {
  let out = d.point > 0 ? Array.from({ length: d.point }, (_, i) => digitAt(d, i)).join('') : '0';
  if (prec > 0) out += '.' + Array.from({ length: prec }, (_, i) => digitAt(d, d.point + i)).join('');
  return out;
}

/** `d.ddde±XX` with exactly `prec` fraction digits, no sign (Go's fmtE); `e` is 'e' or 'E'. */
export function exponentText(d: Decimal, prec: number, e: 'e' | 'E'): string {
  let out = digitAt(d, 0);
  if (prec > 0) out += '.' + Array.from({ length: prec }, (_, i) => digitAt(d, i + 1)).join('');
  const exp = d.digits.length > 0 ? d.point - 1 : 0;
  return `${out}${e}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Go's big.Float %e, %f and %g (and %E, %G) without sign or padding; `prec` < 0 means the default. */
export function floatText(n: number, verb: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  const shortest = prec < 0 && (verb === 'g' || verb === 'G');
  let d = shortest ? shortestDecimal(n) : terraformDecimal(n);
  if (prec < 0 && !shortest) prec = 6;
  if (verb === 'e' || verb === 'E') return exponentText(roundDecimal(d, prec + 1), prec, verb);
  if (verb === 'f') return fixedText(roundDecimal(d, d.point + prec), prec);
  if (!shortest) {
    if (prec === 0) prec = 1;
    d = roundDecimal(d, prec);
  } else prec = d.digits.length;
  let eprec = prec;
  if (eprec > d.digits.length && d.digits.length >= d.point) eprec = d.digits.length;
  if (shortest) eprec = 6;
  const exp = d.point - 1;
  if (exp < -4 || exp >= eprec) return exponentText(d, Math.min(prec, d.digits.length) - 1, verb === 'g' ? 'e' : 'E');
  return fixedText(d, Math.max((prec > d.point ? d.digits.length : prec) - d.point, 0));
}

/** `n` as an exact decimal: value = int × 10^exp, from its shortest digits (the literal a configuration wrote). */
function scaled(n: number): { int: bigint; exp: number } {
  const d = shortestDecimal(n);
  const int = d.digits === '' ? 0n : BigInt(d.digits);
  return { int: d.negative ? -int : int, exp: d.point - d.digits.length };
}

/** The double nearest to int × 10^exp. */
const toDouble = (int: bigint, exp: number): number => Number(`${int}e${exp}`) || 0;

/**
 * Sums and steps computed on the decimals the numbers were written as, then rounded once to a double — as
 * Terraform, which adds decimals exactly, so that 0.1 + 0.2 is 0.3 and range(0, 1, 0.1) has 0.3 in it.
 */
export function decimalSum(ns: readonly number[]): number {
  const parts = ns.map(scaled);
  const exp = Math.min(0, ...parts.map((p) => p.exp));
  let total = 0n;
  for (const p of parts) total += p.int * 10n ** BigInt(p.exp - exp);
  return toDouble(total, exp);
}

/** start + i × step, exactly in decimal, then rounded to a double. */
export function decimalStep(start: number, i: number, step: number): number {
  const a = scaled(start);
  const b = scaled(step);
  const exp = Math.min(a.exp, b.exp);
  const total = a.int * 10n ** BigInt(a.exp - exp) + BigInt(i) * b.int * 10n ** BigInt(b.exp - exp);
  return toDouble(total, exp);
}
