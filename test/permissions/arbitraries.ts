/** Shared generators and a reference matcher for the permission property tests. */
import fc from 'fast-check';

/** Subject strings over a small alphabet: separators, letters, `-`, a literal `*`, an outside `x`. */
export const subject = fc.string({ unit: fc.constantFrom('a', 'b', ':', '-', 'x', '*'), maxLength: 10 });

/** Any pattern from small pieces, valid or not (matching and coverage read invalid globs leniently). */
export const anyPattern = fc
  .array(fc.constantFrom('a', 'b', ':', '-', '*', '**'), { maxLength: 7 })
  .map((parts) => parts.join(''));

const segment = fc.oneof(
  { weight: 1, arbitrary: fc.constant('**') },
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', '-', '*'), minLength: 1, maxLength: 3 }) },
);

/** Valid globs: 1 to 4 non-empty segments, `**` only whole. */
export const validGlob = fc
  .array(segment, { minLength: 1, maxLength: 4 })
  .map((segments) => segments.map((s) => (s === '**' ? s : s.replace(/\*+/g, '*'))).join(':'));

/** Either kind of pattern. */
export const pattern = fc.oneof(validGlob, anyPattern);

/** A glob at least as wide as `glob`: some literal characters become `*`, some segments `**`. */
export function widen(glob: string): fc.Arbitrary<string> {
  const segments = glob.split(':');
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: glob.length, maxLength: glob.length }),
      fc.array(fc.boolean(), { minLength: segments.length, maxLength: segments.length }),
    )
    .map(([starChars, starSegments]) => {
      let offset = 0;
      const out = segments.map((s, i) => {
        const from = offset;
        offset += s.length + 1;
        if (starSegments[i] || s === '**') return '**';
        return [...s].map((ch, j) => (ch !== '*' && starChars[from + j] ? '*' : ch)).join('').replace(/\*+/g, '*');
      });
      // Adjacent `**` segments collapse into one: still at least as wide.
      return out.filter((s, i) => !(s === '**' && out[i - 1] === '**')).join(':');
    });
}

/** Reference semantics as a regular expression (small inputs only): `*` = [^:]*, whole-segment `**` = .*. */
export function referenceMatches(glob: string, value: string): boolean {
  if (value.length === 0) return false;
  const source = glob
    .split(':')
    .map((s) => (s === '**' ? '[\\s\\S]*' : s.split(/\*+/).map(escape).join('[^:]*')))
    .join(':');
  return new RegExp(`^${source}$`).test(value);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}

/** Every string over `alphabet` of length 1..max. */
export function allStrings(alphabet: readonly string[], max: number): string[] {
  const out: string[] = [];
  let level = [''];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...level);
  }
  return out;
}
