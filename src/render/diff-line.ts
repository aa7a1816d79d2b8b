/**
 * The lines of a rendered diff, written straight as text: a depth, a marker (`+`, `-`, `~`, blank, or a replace
 * symbol), an optional attribute key padded so the `=` of sibling attributes line up, the value text and a trailing
 * note (`# forces replacement`) in red. Builders know the keys of a block before they write its lines, so each line
 * is formatted once, when it is added (a plan of 10,000 creates is some 300,000 lines).
 */
import type { Marker } from './action-words.js';
import type { Palette } from './ansi.js';

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
 * Indentation and marker of a line: depth 0 is the resource line (`  + resource …`, `-/+ resource …`); each level
 * indents four more columns, with the marker in the two columns before the text, as Terraform does.
 */
function linePrefix(depth: number, marker: Marker, pal: Palette): string {
  const markerWidth = marker === ' ' ? 2 : marker.length + 1;
  const indent = ' '.repeat(Math.max(0, 4 + 4 * depth - markerWidth));
  return `${indent}${marker === ' ' ? '  ' : `${colourMarker(marker, pal)} `}`;
}

/** Prefixes by marker and depth, made as they are first needed: every line of a plan starts with one of a few dozen. */
type Prefixes = Record<Marker, string[]>;

const prefixTables = new Map<Palette, Prefixes>();

function prefixTable(pal: Palette): Prefixes {
  let table = prefixTables.get(pal);
  if (table === undefined) prefixTables.set(pal, (table = { ' ': [], '+': [], '-': [], '~': [], '-/+': [], '+/-': [] }));
  return table;
}

/** The width sibling keys are padded to: the longest of them. */
export function keyWidth(keys: readonly string[]): number {
  let width = 0;
  for (let i = 0; i < keys.length; i++) width = Math.max(width, keys[i]!.length);
  return width;
}

/** Diff lines being written, as one text (lines joined by newlines as they come: no array of lines to join). */
export class DiffLines {
  private written = '';
  private empty = true;
  private readonly prefixes: Prefixes;

  constructor(readonly pal: Palette) {
    this.prefixes = prefixTable(pal);
  }

  /** The lines written so far, without a final newline. */
  get text(): string {
    return this.written;
  }

  /** A line as it is (a header, a comment). */
  line(text: string): void {
    this.written = this.empty ? text : `${this.written}\n${text}`;
    this.empty = false;
  }

  /** A diff line; `key` (already quoted if needed) is padded to `width` and followed by ` = `. */
  add(depth: number, marker: Marker, key: string | undefined, width: number, text: string, note?: string): void {
    const prefix = this.prefix(depth, marker);
    const head = key === undefined ? prefix : `${prefix}${key.padEnd(width)} = `;
    this.line(note === undefined ? `${head}${text}` : `${head}${text} ${this.pal.red(note)}`);
  }

  /** A closing bracket, a comment or any other unmarked line. */
  plain(depth: number, text: string): void {
    this.line(`${this.prefix(depth, ' ')}${text}`);
  }

  private prefix(depth: number, marker: Marker): string {
    return (this.prefixes[marker][depth] ??= linePrefix(depth, marker, this.pal));
  }
}
