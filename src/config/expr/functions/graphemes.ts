/**
 * Terraform measures and cuts strings in grapheme clusters ("user-perceived characters": 👍🏽 and e + U+0301
 * count as one). keyform uses Intl.Segmenter, whose Unicode tables may be a different version than Terraform's.
 */
let made: Intl.Segmenter | undefined;
/** Made when first used: creating it loads Unicode tables (about 15 ms), which most configurations never need. */
const segmenter = (): Intl.Segmenter => (made ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

export function graphemes(s: string): string[] {
  return Array.from(segmenter().segment(s), (x) => x.segment);
}

export function graphemeCount(s: string): number {
  let n = 0;
  for (const _ of segmenter().segment(s)) n++;
  return n;
}
