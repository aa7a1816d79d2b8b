/** Markdown pieces that survive any input: table cells, inline code, fenced blocks. */
import { safeLine, safeText } from './safe-text.js';

/** Free text on one line, with no HTML. */
export const inline = (s: string): string => safeLine(s.replace(/\r?\n/g, ' ')).replace(/</g, '&lt;');

/** A table cell: one line, pipes escaped. */
export const cell = (s: string): string => inline(s).replace(/\|/g, '\\|');

/** Inline code, with a fence longer than any run of backticks inside. */
export function code(s: string): string {
  const text = safeLine(s);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block, with a fence longer than any run of backticks inside. */
export function fenced(body: string, lang = ''): string {
  const text = safeText(body).replace(/\n$/, '');
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** Inline code inside a table cell (GitHub reads `\\|` as a pipe there too). */
export const codeCell = (s: string): string => code(s).replace(/\|/g, '\\|');

export const table = (head: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  `| ${head.join(' | ')} |`,
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];
