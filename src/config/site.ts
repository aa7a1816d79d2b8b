/** Where a diagnostic about a declaration points: its file, the line of the attribute path, its address. */
import type { Diagnostic } from '../diagnostics.js';
import { lineOf } from './paths.js';
import type { SourceRef } from './types.js';

export type Site = Omit<Diagnostic, 'severity' | 'summary'>;

export function siteOf(source: SourceRef, address?: string, path?: string): Site {
  const site: Site = { file: source.file };
  const line = lineOf(source.pathLines, path, source.line);
  if (line !== undefined) site.line = line;
  if (address !== undefined) site.address = address;
  if (path !== undefined && path !== '') site.path = path;
  return site;
}

/** `file:line`, to name a second place in a message. */
export const placeOf = (source: SourceRef): string => (source.line === undefined ? source.file : `${source.file}:${source.line}`);
