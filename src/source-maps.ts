/**
 * Places in generated JavaScript (the bundle's chunks in dist/cli/, the compiled dist/src/ files) mapped back to
 * their sources through the `.map` file beside each generated file — for a bug's stack trace and for the
 * benchmark's CPU profiles. Maps are read on first use, once per file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A place: a `file:` URL and 0-based line and column, as V8's profiles count them. */
export interface Place {
  url: string;
  line: number;
  column: number;
}

export class SourceMaps {
  private readonly maps = new Map<string, SourceMap | null>();

  /** Where the generated place `url:line:column` was written, or undefined when no map covers it (or it is unreadable). */
  original(url: string, line: number, column: number): Place | undefined {
    if (!url.startsWith('file://')) return undefined;
    const entry = this.mapOf(url)?.findEntry(line, column);
    if (!entry || !('originalSource' in entry) || entry.originalSource === undefined) return undefined;
    // The map names its sources relative to itself (`../../src/x.ts`); it sits beside the generated file.
    return { url: new URL(entry.originalSource, url).href, line: entry.originalLine, column: entry.originalColumn };
  }

  private mapOf(url: string): SourceMap | null {
    let map = this.maps.get(url);
    if (map === undefined) {
      try {
        const file = `${fileURLToPath(url)}.map`;
        map = existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null;
      } catch {
        map = null; // an unreadable map: the place stays as generated
      }
      this.maps.set(url, map);
    }
    return map;
  }
}
