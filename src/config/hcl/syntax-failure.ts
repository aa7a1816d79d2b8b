/**
 * The one exception the HCL parser throws internally: a syntax (or conversion) error at an offset of the text.
 * `parseHcl` catches it and returns it as an error value; it never escapes the package.
 */
export class SyntaxFailure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

export function fail(offset: number, message: string): never {
  throw new SyntaxFailure(offset, message);
}

/** A character as a message shows it: `"}"`, or `U+000D` for control characters. */
export function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(c);
}
