/**
 * Go's case mapping, which Terraform's upper, lower and title use: one code point at a time, never changing the
 * length ("ß" stays "ß", where JavaScript's toUpperCase gives "SS"), and title-casing after a separator.
 */

/** Unicode White_Space, Go's unicode.IsSpace (JavaScript's \s also has U+FEFF). */
export const WHITE_SPACE = /\p{White_Space}/u;

/** The few code points whose simple mapping JavaScript's full mapping does not give as one code point. */
const SIMPLE_LOWER: Record<string, string> = { '\u0130': 'i' };
const TITLE: Record<string, string> = { ǆ: 'ǅ', Ǆ: 'ǅ', ǉ: 'ǈ', Ǉ: 'ǈ', ǌ: 'ǋ', Ǌ: 'ǋ', ǳ: 'ǲ', Ǳ: 'ǲ' };

const single = (mapped: string, ch: string): string => ([...mapped].length === 1 ? mapped : ch);

export const upperChar = (ch: string): string => single(ch.toUpperCase(), ch);
export const lowerChar = (ch: string): string => SIMPLE_LOWER[ch] ?? single(ch.toLowerCase(), ch);
const titleChar = (ch: string): string => TITLE[ch] ?? upperChar(ch);

export const mapCodePoints = (s: string, f: (ch: string) => string): string => Array.from(s, f).join('');

/** Go's strings.Title rule: ASCII letters, digits and `_` join a word, other ASCII ends one; beyond ASCII only letters, digits and spaces count. */
function isSeparator(ch: string): boolean {
  if (ch.charCodeAt(0) <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return WHITE_SPACE.test(ch);
}

/** The first letter of every word upper-cased (title-cased), the rest untouched. */
export function titleCase(s: string): string {
  let prev = ' ';
  return mapCodePoints(s, (ch) => {
    const out = isSeparator(prev) ? titleChar(ch) : ch;
    prev = ch;
    return out;
  });
}
