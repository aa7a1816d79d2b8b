/**
 * Terraform measures and cuts strings in grapheme clusters ("user-perceived characters": 👍🏽 and e + U+0301
 * count as one). keyform uses Intl.Segmenter, whose Unicode tables may be a different version than Terraform's.
 */
// Made on first use: creating it loads Unicode tables, about 10 ms at every start of the CLI otherwise.
let segmenter: Intl.Segmenter | undefined;

function segments(s: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(s);
}

export function graphemes(s: string): string[] {
  return Array.from(segments(s), (x) => x.segment);
}

export function graphemeCount(s: string): number {
  let n = 0;
  for (const _ of segments(s)) n++;
  return n;
}
