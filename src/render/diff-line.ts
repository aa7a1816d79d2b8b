/**
 * The line model of a rendered diff: a depth, a marker (`+`, `-`, `~`, blank, or a replace symbol), an optional
 * attribute key aligned on `=`, the value text and a trailing note (`# forces replacement`). Builders produce
 * lines; `formatLines` turns them into text with Terraform's indentation and colours.
 */
import type { Marker } from './action-words.js';
import type { Palette } from './ansi.js';

export interface Line {
  depth: number;
  marker: Marker;
  /** Attribute key, already quoted if needed. */
  key?: string;
  /** Width the key is padded to, so the `=` of sibling attributes line up. */
  keyWidth?: number;
  text: string;
  /** Shown after the text in red: `# forces replacement`. */
  note?: string;
}

export const line = (depth: number, marker: Marker, key: string | undefined, text: string, note?: string): Line => {
  const l: Line = { depth, marker, text };
  if (key !== undefined) l.key = key;
  if (note !== undefined) l.note = note;
  return l;
};

/** A closing bracket, a comment or any other unmarked line. */
export const plain = (depth: number, text: string): Line => ({ depth, marker: ' ', text });

/** Pads the keys of the lines at `depth` (the direct children of one block) to a common width. */
export function alignKeys(lines: Line[], depth: number): Line[] {
  let width = 0;
  for (const l of lines) if (l.depth === depth && l.key !== undefined) width = Math.max(width, l.key.length);
  for (const l of lines) if (l.depth === depth && l.key !== undefined) l.keyWidth = width;
  return lines;
}

export function colourMarker(marker: Marker, pal: Palette): string {
  switch (marker) {
    case '+':
      return pal.green('+');
    case '-':
      return pal.red('-');
    case '~':
      return pal.yellow('~');
    case '-/+':
      return `${pal.red('-')}/${pal.green('+')}`;
    case '+/-':
      return `${pal.green('+')}/${pal.red('-')}`;
    default:
      return ' ';
  }
}

/**
 * Depth 0 is the resource line (`  + resource …`, `-/+ resource …`); each level indents four more columns, with the
 * marker in the two columns before the text, as Terraform does.
 */
/** Runs of spaces by length, made once: a plan of 10,000 creates formats some 150,000 lines. */
const spaces: string[] = [];
const spacesOf = (n: number): string => (spaces[n] ??= ' '.repeat(n));

export function formatLine(l: Line, pal: Palette): string {
  const markerWidth = l.marker === ' ' ? 2 : l.marker.length + 1;
  const indent = spacesOf(Math.max(0, 4 + 4 * l.depth - markerWidth));
  const marker = l.marker === ' ' ? '  ' : `${colourMarker(l.marker, pal)} `;
  const key = l.key !== undefined ? `${l.key.padEnd(l.keyWidth ?? 0)} = ` : '';
  const note = l.note !== undefined ? ` ${pal.red(l.note)}` : '';
  return `${indent}${marker}${key}${l.text}${note}`;
}

export const formatLines = (lines: readonly Line[], pal: Palette): string[] => lines.map((l) => formatLine(l, pal));
