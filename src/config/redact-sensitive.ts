/**
 * A last guard for messages about values: an evaluation error quotes the value it could not use (`cannot convert
 * "…" to a number`), and a value from a sensitive variable must never be shown. Values carry no marks in keyform's
 * evaluator, so the texts of the sensitive variables' values are taken out of every such message instead: quoted
 * as a message quotes them, always; bare, when long enough not to hide ordinary words.
 */
import type { Diagnostic } from '../diagnostics.js';
import { isUnknown, type Value } from '../values.js';

const SHOWN = '(sensitive value)';
/** A bare occurrence is redacted from this length on (shorter ones only when quoted). */
const BARE_MIN = 6;

/** The string leaves of the values of the sensitive variables, longest first (so a longer text is redacted whole). */
export function sensitiveTexts(variables: ReadonlyMap<string, Value>, sensitive: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  const walk = (v: Value): void => {
    if (typeof v === 'string') {
      if (v.length > 0) out.add(v);
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      out.add(String(v));
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object' && !isUnknown(v)) {
      for (const x of Object.values(v)) walk(x as Value);
    }
  };
  for (const name of sensitive) if (variables.has(name)) walk(variables.get(name)!);
  return [...out].sort((a, b) => b.length - a.length);
}

/** `text` with the sensitive texts taken out. */
export function redactText(text: string, texts: readonly string[]): string {
  let out = text;
  for (const t of texts) {
    out = out.split(JSON.stringify(t)).join(SHOWN);
    if (t.length >= BARE_MIN) out = out.split(t).join(SHOWN);
  }
  return out;
}

/** `diagnostics` with the sensitive texts taken out of their summaries and details (the same array when none). */
export function redactSensitive(diagnostics: Diagnostic[], texts: readonly string[]): Diagnostic[] {
  if (texts.length === 0 || diagnostics.length === 0) return diagnostics;
  return diagnostics.map((d) => {
    const summary = redactText(d.summary, texts);
    const detail = d.detail === undefined ? undefined : redactText(d.detail, texts);
    if (summary === d.summary && detail === d.detail) return d;
    return { ...d, summary, ...(detail === undefined ? {} : { detail }) };
  });
}
