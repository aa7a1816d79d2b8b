/**
 * Diagnostics: the user-facing error channel. Problems in configuration, state or input are collected and all
 * reported at once; each says what is wrong and where (file, line, resource address, attribute path).
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  summary: string;
  detail?: string;
  file?: string;
  line?: number;
  /** Resource or output address, e.g. `cycloid_organization_api_key.ci`. */
  address?: string;
  /** Attribute path inside the address, e.g. `rules[1].action`. */
  path?: string;
}

export const error = (summary: string, extra: Omit<Diagnostic, 'severity' | 'summary'> = {}): Diagnostic => ({ severity: 'error', summary, ...extra });
export const warning = (summary: string, extra: Omit<Diagnostic, 'severity' | 'summary'> = {}): Diagnostic => ({ severity: 'warning', summary, ...extra });

export const hasErrors = (diags: readonly Diagnostic[]): boolean => diags.some((d) => d.severity === 'error');

/** Thrown at the edge when diagnostics must stop a command; the CLI prints them all and exits 1. */
export class DiagnosticsError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary).join('; ') || 'failed');
    this.name = 'DiagnosticsError';
    this.diagnostics = diagnostics;
  }
}

/** Typed errors for bugs and transport failures, with a stable code (STYLE: two error channels). */
export class KeyformError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyformError';
    this.code = code;
  }
}

/** Where a diagnostic points, as one human line: `main.tf.json: cycloid_organization_api_key.ci: rules[1].action`. */
export function location(d: Diagnostic): string {
  const parts: string[] = [];
  if (d.file) parts.push(d.line !== undefined ? `${d.file}:${d.line}` : d.file);
  if (d.address) parts.push(d.address);
  if (d.path) parts.push(d.path);
  return parts.join(': ');
}
