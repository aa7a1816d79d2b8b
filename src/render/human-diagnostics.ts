/**
 * Diagnostics for people, as Terraform prints them: `Error: <summary>`, where it points (`on FILE:LINE: ADDRESS:
 * PATH`) and the detail. With colour, each diagnostic sits in Terraform's red (or yellow) box; without, plain text.
 */
import { location, type Diagnostic } from '../diagnostics.js';
import { palette, type Palette } from './ansi.js';
import { safeLine, safeText } from './safe-text.js';
import { wrap } from './wrap.js';

export interface DiagnosticsOptions {
  color: boolean;
  width?: number;
}

function contentLines(d: Diagnostic, pal: Palette, width: number): string[] {
  const label = d.severity === 'error' ? pal.boldRed('Error:') : pal.boldYellow('Warning:');
  const out = [`${label} ${pal.bold(safeLine(d.summary))}`];
  const where = location(d);
  if (where !== '') out.push('', `  on ${safeLine(where)}`);
  if (d.detail !== undefined && d.detail !== '') {
    out.push('', ...wrap(safeText(d.detail), width - 2).map((l) => (l === '' ? '' : `  ${l}`)));
  }
  return out;
}

/** One diagnostic, ending with a newline. */
export function renderDiagnostic(d: Diagnostic, opts: DiagnosticsOptions): string {
  const pal = palette(opts.color);
  const width = opts.width ?? 80;
  if (!opts.color) return `${contentLines(d, pal, width).join('\n')}\n`;
  const paint = d.severity === 'error' ? pal.red : pal.yellow;
  const body = contentLines(d, pal, width - 2).map((l) => `${paint('│')} ${l}`.trimEnd());
  return `${[paint('╷'), ...body, paint('╵')].join('\n')}\n`;
}

/** Every diagnostic, errors and warnings in the given order, separated by blank lines; '' when there are none. */
export function renderDiagnostics(diags: readonly Diagnostic[], opts: DiagnosticsOptions): string {
  return diags.map((d) => renderDiagnostic(d, opts)).join('\n');
}
