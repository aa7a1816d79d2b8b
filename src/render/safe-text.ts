/**
 * Free text from plans (addresses, reasons, messages, diagnostics) printed to a terminal: control characters are
 * shown escaped, so data can never move the cursor, clear the screen or smuggle colour into `--no-color` output.
 */

// C0 controls except \n, DEL, and C1 controls.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

const escape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Any character `safeLine` changes (newline included): most text has none and is returned as it is, unscanned twice. */
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f]/;

/** One line of text: newlines are escaped too. */
export const safeLine = (s: string): string => (UNSAFE_LINE.test(s) ? s.replace(/\n/g, '\\n').replace(CONTROL, escape) : s);

/** Prose that may keep its line breaks. */
export const safeText = (s: string): string => s.replace(CONTROL, escape);
