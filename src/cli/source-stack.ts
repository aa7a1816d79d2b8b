/**
 * An unexpected error's stack trace as the sources wrote it. The command line runs from a bundle (dist/cli/), whose
 * frames would otherwise name `chunks/chunk-3KDSY6BO.js:2841:17` — no use in a bug report. Each frame in a file with
 * a `.map` beside it is rewritten to `src/x.ts:line:column` (or `node_modules/...` for a bundled package). Done only
 * when such an error is printed: Node's own source-map support (--enable-source-maps) would read every map at
 * start-up, in every process.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package-root.js';
import { SourceMaps } from '../source-maps.js';

/** `file:///…/x.js:12:5` inside a frame, with or without the parentheses around it. */
const FRAME_PLACE = /(file:\/\/[^\s()]+?\.m?js):(\d+):(\d+)/g;

export function sourceStack(stack: string): string {
  const maps = new SourceMaps();
  return stack.replace(FRAME_PLACE, (place, url: string, line: string, column: string) => {
    const original = maps.original(url, Number(line) - 1, Number(column) - 1);
    return original === undefined ? place : `${relative(packageRoot, fileURLToPath(original.url))}:${original.line + 1}:${original.column + 1}`;
  });
}
