/** A diagnostic in Terraform's JSON shape (`terraform validate -json`, the `diagnostic` event). */
import type { Diagnostic } from '../diagnostics.js';

export interface JsonDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  address?: string;
  /** keyform: the attribute path inside the address, e.g. `rules[1].action`. */
  path?: string;
  range?: { filename: string; start?: { line: number } };
}

export function diagnosticJson(d: Diagnostic): JsonDiagnostic {
  const out: JsonDiagnostic = { severity: d.severity === 'warning' ? 'warning' : 'error', summary: String(d.summary), detail: d.detail ?? '' };
  if (d.address !== undefined) out.address = d.address;
  if (d.path !== undefined) out.path = d.path;
  if (d.file !== undefined) out.range = d.line !== undefined ? { filename: d.file, start: { line: d.line } } : { filename: d.file };
  return out;
}
