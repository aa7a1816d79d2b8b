/**
 * Two text rules of the Go implementation that the output must reproduce: which characters are white space
 * (Go's unicode.IsSpace, used by HCL's `~` strip markers and heredoc rules: it includes U+0085 and leaves out
 * U+FEFF, unlike JavaScript's \s), and how a number literal is written when it becomes text (go-cty's
 * big.Float.Text('f', -1): plain decimal, no exponent, no needless zeros).
 */

export function isGoSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000
  );
}

export function trimLeftGoSpace(s: string): string {
  let i = 0;
  while (i < s.length && isGoSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

export function trimRightGoSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isGoSpace(s.charCodeAt(i - 1))) i--;
  return i === s.length ? s : s.slice(0, i);
}

export const MAX_EXPONENT = 10_000;

/** HCL's number literal as Go parses it: digits, an optional fraction (possibly empty), an optional exponent. */
export const NUMBER_LITERAL = /^[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * A valid number literal (see NUMBER_LITERAL) in plain decimal form, as go-cty converts a number to a string:
 * `1.50` → `1.5`, `1e3` → `1000`, `1.5e-3` → `0.0015`, `0.0` → `0`. Exact: works on the digits, not a double.
 * Undefined when the exponent is so large that the text would not be reasonable (more than MAX_EXPONENT digits).
 */
export function numberText(literal: string): string | undefined {
  const e = literal.search(/[eE]/);
  const mantissa = e === -1 ? literal : literal.slice(0, e);
  const exponent = e === -1 ? 0 : Number(literal.slice(e + 1));
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const dot = mantissa.indexOf('.');
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // value = 0.digits × 10^point
  let point = (dot === -1 ? mantissa.length : dot) + exponent;
  const lead = digits.search(/[1-9]/);
  if (lead === -1) return '0';
  let significant = digits.slice(lead).replace(/0+$/, '');
  point -= lead;
  if (point <= 0) return `0.${'0'.repeat(-point)}${significant}`;
  if (point >= significant.length) return significant + '0'.repeat(point - significant.length);
  significant = `${significant.slice(0, point)}.${significant.slice(point)}`;
  return significant;
}
