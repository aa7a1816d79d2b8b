/** Syntax checks for globs and actions: a human message for an invalid one, undefined when it is fine. */

/** The longest glob accepted, in characters. */
export const MAX_GLOB_LENGTH = 1000;

const FORBIDDEN_CHARS = /[\s\p{Cc}\p{Cf}]/u;
const ACTION_SEGMENT = /^[a-z0-9_*-]+$/;

/**
 * Checks a glob (a rule's action or resource): not empty, at most 1000 characters, no whitespace, control
 * or invisible formatting characters, no empty segment, and `**` only as a whole segment.
 */
export function checkGlob(pattern: string): string | undefined {
  if (typeof pattern !== 'string') return 'must be a string';
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > MAX_GLOB_LENGTH) {
    return `must be at most ${MAX_GLOB_LENGTH} characters long (it has ${pattern.length})`;
  }
  // Printable ASCII (the usual glob) has none of the forbidden characters: the Unicode regex is for the rest.
  const bad = printableAscii(pattern) ? null : FORBIDDEN_CHARS.exec(pattern);
  if (bad !== null) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `must not contain whitespace or control characters (found U+${code} at position ${bad.index + 1})`;
  }
  if (pattern.startsWith(':')) return 'must not start with `:` (that makes an empty segment)';
  if (pattern.endsWith(':')) return 'must not end with `:` (that makes an empty segment)';
  const empty = pattern.indexOf('::');
  if (empty >= 0) return `must not contain an empty segment (\`::\` at position ${empty + 1})`;
  for (const segment of pattern.includes('**') ? pattern.split(':') : []) {
    if (segment !== '**' && segment.includes('**')) {
      return `\`**\` must be a whole segment between \`:\` separators, not part of \`${shorten(segment)}\``;
    }
  }
  return undefined;
}

/**
 * Checks a rule's action: a valid glob whose segments use lower-case letters, digits, `_`, `-` and `*`
 * (policy codes look like `organization:config_repository:read`); without wildcards it needs at least an
 * entity and a verb (`organization:read`).
 */
export function checkAction(action: string): string | undefined {
  const problem = checkGlob(action);
  if (problem !== undefined) return problem;
  const segments = action.split(':');
  const odd = segments.find((s) => !ACTION_SEGMENT.test(s));
  if (odd !== undefined) {
    return `action segments use only lower-case letters, digits, \`_\`, \`-\` and \`*\` (not \`${shorten(odd)}\`)`;
  }
  if (!action.includes('*') && segments.length < 2) {
    return 'an action names an entity and a verb, like `organization:project:read`';
  }
  return undefined;
}

function printableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
