/**
 * Where a JSON text stops being valid, found by a small scanner so that error messages can give a line and
 * column without quoting the text (V8's messages quote it, and a state file's text may hold secrets).
 */

export interface JsonErrorPosition {
  /** Offset (UTF-16 units) of the first character that cannot continue valid JSON. */
  offset: number;
  line: number;
  column: number;
  /** The text ended before the value was complete. */
  atEnd: boolean;
}

/** The position of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonErrorPosition(text: string): JsonErrorPosition | undefined {
  let offset: number;
  try {
    offset = scan(text);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    offset = err.offset;
  }
  if (offset === -1) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { offset, line, column, atEnd: text.slice(offset).trim() === '' };
}

class Stop {
  constructor(readonly offset: number) {}
}

/** -1 when valid; throws Stop(offset) at the first error. */
function scan(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) throw new Stop(i);
      i++;
    }
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch < ' ') throw new Stop(i);
      i++;
      if (ch === '"') return;
      if (ch === '\\') {
        const esc = text[i];
        if (esc === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) throw new Stop(i + k);
          i += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
        else throw new Stop(i);
      }
    }
  };
  const digit = (): boolean => text[i] !== undefined && text[i]! >= '0' && text[i]! <= '9';
  const digits = (): void => {
    if (!digit()) throw new Stop(i);
    while (digit()) i++;
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (depth: number): void => {
    if (depth > 5000) throw new Stop(i);
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        expect(':');
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else return expect('}');
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else return expect(']');
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return expect('true');
    if (ch === 'f') return expect('false');
    if (ch === 'n') return expect('null');
    return number();
  };
  value(0);
  ws();
  if (i < text.length) throw new Stop(i);
  return -1;
}
