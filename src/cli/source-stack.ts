/**
 * An unexpected error's stack trace as the sources wrote it. The command line runs from a bundle (dist/cli/), whose
 * frames would otherwise name `chunks/chunk-3KDSY6BO.js:2841:17` — no use in a bug report. Each frame in a file with
 * a `.map` beside it is rewritten to `src/x.ts:line:column` (or `node_modules/...` for a bundled package). Done only
 * when such an error is printed: Node's own source-map support (--enable-source-maps) would read every map at
 * start-up, in every process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package-root.js';

/** `file:///…/x.js:12:5` inside a frame, with or without the parentheses around it. */
const FRAME_PLACE = /(file:\/\/[^\s()]+?\.m?js):(\d+):(\d+)/g;

export function sourceStack(stack: string): string {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string): SourceMap | null => {
    let map = maps.get(file);
    if (map === undefined) {
      try {
        map = existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null;
      } catch {
        map = null; // an unreadable map: the frame stays as it is
      }
      maps.set(file, map);
    }
    return map;
  };
  return stack.replace(FRAME_PLACE, (place, url: string, line: string, column: string) => {
    let file: string;
    try {
      file = fileURLToPath(url);
    } catch {
      return place;
    }
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || entry.originalSource === undefined) return place;
    // The map names its sources relative to itself (`../../src/x.ts`); it sits beside the generated file.
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
    return `${relative(packageRoot, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
