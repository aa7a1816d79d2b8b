/**
 * Terraform's regular expressions are Go's RE2 dialect; keyform runs them on JavaScript's RegExp (with the `u`
 * flag) after translating the syntax the two spell differently. What RE2 rejects is rejected here too, so a
 * pattern that works in keyform works in Terraform:
 *
 * - translated: `(?P<name>…)` → `(?<name>…)`; a leading `(?i)`, `(?m)`, `(?s)` → RegExp flags; `\A`, `\z`;
 *   `\Q…\E`; `\x{…}`; `\pL`, `\p{Greek}` (a script) → `\p{L}`, `\p{Script=Greek}`; POSIX classes like
 *   `[[:alpha:]]`; octal `\012`; `\a`; `\s` (RE2's is ASCII: `[\t\n\f\r ]`); `.` (RE2's excludes only `\n`);
 *   any escaped ASCII punctuation; a `{`, `}` or `]` that RE2 reads as a literal.
 * - rejected, as RE2 does: lookaround `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`, backreferences `\1`, mixing named and
 *   unnamed groups (Terraform's rule), unknown escapes.
 * - not supported (an error rather than a silent difference): flags other than at the very start, `(?U)`,
 *   negated POSIX classes `[[:^alpha:]]`.
 * Remaining differences: with `(?m)`, `^`/`$` also match at `\r`, U+2028 and U+2029; `\b` and `(?i)` follow
 * JavaScript's Unicode tables, which may be a different Unicode version than Go's.
 */

export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

export interface Pattern {
  readonly regexp: RegExp;
  /** Per capture group in order: its name, or undefined for an unnamed group. */
  readonly groups: ReadonlyArray<string | undefined>;
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs Any'.split(' '),
);

const hex = (code: number): string => (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
const isPunct = (c: string): boolean => /^[!-/:-@[-`{-~]$/.test(c);

class Translator {
  private i = 0;
  private out = '';
  private flags = '';
  readonly groups: Array<string | undefined> = [];

  constructor(private readonly src: string) {}

  translate(): { source: string; flags: string } {
    this.leadingFlags();
    while (this.i < this.src.length) this.atom();
    return { source: this.out, flags: this.flags };
  }

  private fail(what: string, from: number): never {
    throw new PatternError(`${what} in ${this.src.slice(from, Math.max(this.i, from + 1))}`);
  }

  private leadingFlags(): void {
    const m = /^\(\?([imsU]+)\)/.exec(this.src);
    if (!m) return;
    if (m[1]!.includes('U')) throw new PatternError('the ungreedy flag (?U) is not supported by keyform');
    this.flags = [...new Set(m[1])].join('');
    this.i = m[0].length;
  }

  private atom(): void {
    const c = this.src[this.i]!;
    const start = this.i;
    switch (c) {
      case '\\':
        this.out += this.escape(false);
        return;
      case '[':
        this.charClass();
        return;
      case '(':
        this.group();
        return;
      case '.':
        this.i++;
        this.out += this.flags.includes('s') ? '.' : '[^\\n]';
        return;
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
        if (m) {
          if (Number(m[1]) > 1000 || Number(m[3] || 0) > 1000) this.fail('invalid repeat count', start);
          this.out += m[0];
          this.i += m[0].length;
        } else {
          this.out += '\\{';
          this.i++;
        }
        return;
      }
      case '}':
      case ']':
        this.out += `\\${c}`;
        this.i++;
        return;
      default: {
        const ch = String.fromCodePoint(this.src.codePointAt(this.i)!);
        this.out += ch;
        this.i += ch.length;
      }
    }
  }

  private group(): void {
    const start = this.i;
    const rest = this.src.slice(this.i);
    if (!rest.startsWith('(?')) {
      this.groups.push(undefined);
      this.out += '(';
      this.i++;
      return;
    }
    const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
    if (named) {
      this.groups.push(named[1]);
      this.out += `(?<${named[1]}>`;
      this.i += named[0].length;
      return;
    }
    if (rest.startsWith('(?:')) {
      this.out += '(?:';
      this.i += 3;
      return;
    }
    const perl = /^\(\?(?:<?[=!]|P=|P?<)/.exec(rest);
    if (perl) {
      this.i += perl[0].length;
      this.fail('invalid or unsupported Perl syntax', start);
    }
    if (/^\(\?[-imsU]+[):]/.test(rest)) throw new PatternError(`flags such as ${rest.slice(0, rest.search(/[):]/) + 1)} are supported by keyform only at the very start of a pattern`);
    this.i += 2;
    this.fail('invalid or unsupported Perl syntax', start);
  }

  private charClass(): void {
    const start = this.i;
    this.i++;
    let out = '[';
    if (this.src[this.i] === '^') {
      out += '^';
      this.i++;
    }
    let first = true;
    for (;;) {
      if (this.i >= this.src.length) this.fail('missing closing ]', start);
      const c = this.src[this.i]!;
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === '[' && this.src[this.i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i));
        if (m) {
          const posix = POSIX[m[2]!];
          if (!posix) this.fail('invalid character class range', this.i);
          if (m[1]) throw new PatternError(`negated POSIX classes such as ${m[0]} are not supported by keyform`);
          out += posix;
          this.i += m[0].length;
          continue;
        }
      }
      if (c === '\\') {
        out += this.escape(true);
        continue;
      }
      if (c === '[' || c === ']') {
        out += `\\${c}`;
        this.i++;
        continue;
      }
      const ch = String.fromCodePoint(this.src.codePointAt(this.i)!);
      out += ch;
      this.i += ch.length;
    }
    this.out += out + ']';
  }

  /** The escape at `this.i` (a backslash) in JavaScript's syntax. */
  private escape(inClass: boolean): string {
    const start = this.i;
    this.i++;
    if (this.i >= this.src.length) this.fail('trailing backslash at end of expression', start);
    const c = this.src[this.i]!;
    this.i++;
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 'f':
      case 'n':
      case 'r':
      case 't':
      case 'v':
        return `\\${c}`;
      case 'b':
      case 'B':
        if (inClass) this.fail('invalid escape sequence', start);
        return `\\${c}`;
      case 's':
        return inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      case 'S':
        return inClass ? '\\S' : '[^\\t\\n\\f\\r ]';
      case 'a':
        return '\\x07';
      case 'A':
        if (inClass) this.fail('invalid escape sequence', start);
        return '(?<![\\s\\S])';
      case 'z':
        if (inClass) this.fail('invalid escape sequence', start);
        return '(?![\\s\\S])';
      case 'Q': {
        const end = this.src.indexOf('\\E', this.i);
        const text = this.src.slice(this.i, end < 0 ? undefined : end);
        this.i = end < 0 ? this.src.length : end + 2;
        return [...text].map((ch) => (/^[A-Za-z0-9]$/.test(ch) || ch.codePointAt(0)! > 0x7f ? ch : hex(ch.codePointAt(0)!))).join('');
      }
      case 'x': {
        const m = /^(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(this.src.slice(this.i));
        if (!m) this.fail('invalid escape sequence', start);
        this.i += m[0].length;
        const code = parseInt(m[1] ?? m[2]!, 16);
        if (code > 0x10ffff) this.fail('invalid escape sequence', start);
        return hex(code);
      }
      case 'p':
      case 'P':
        return this.property(c, start);
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      const m = /^[0-7]{0,2}/.exec(this.src.slice(this.i))![0];
      if (c !== '0' && m === '') this.fail('invalid escape sequence', start);
      this.i += m.length;
      return hex(parseInt(c + m, 8));
    }
    if (isPunct(c)) return hex(c.charCodeAt(0));
    this.fail('invalid escape sequence', start);
  }

  private property(c: 'p' | 'P', start: number): string {
    let name: string;
    if (this.src[this.i] === '{') {
      const end = this.src.indexOf('}', this.i);
      if (end < 0) this.fail('invalid character class range', start);
      name = this.src.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      if (this.i >= this.src.length) this.fail('invalid character class range', start);
      name = this.src[this.i]!;
      this.i++;
    }
    let negated = c === 'P';
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    if (!/^[A-Za-z_]+$/.test(name)) this.fail('invalid character class range', start);
    const body = name === 'Any' ? 'Any' : GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
    const text = `\\${negated ? 'P' : 'p'}{${body}}`;
    try {
      new RegExp(text, 'u');
    } catch {
      this.fail('invalid character class range', start);
    }
    return text;
  }
}

/** JavaScript's words for a broken pattern, in Go's where they differ. */
const GO_WORDING: Record<string, string> = {
  'Unterminated group': 'missing closing )',
  "Unmatched ')'": 'unexpected )',
  'Nothing to repeat': 'missing argument to repetition operator',
  'Invalid group': 'invalid or unsupported Perl syntax',
  'Duplicate capture group name': 'duplicate capture group name',
  'Invalid capture group name': 'invalid named capture',
};

/** Patterns already compiled (a for-expression may call regex with one pattern for every element). */
const cache = new Map<string, Pattern>();
const CACHE_SIZE = 256;

/** The RE2 `pattern` as a global JavaScript RegExp, or a PatternError worded like Go's. */
export function compilePattern(pattern: string): Pattern {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const compiled = translatePattern(pattern);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}

function translatePattern(pattern: string): Pattern {
  const t = new Translator(pattern);
  const { source, flags } = t.translate();
  const named = t.groups.filter((g) => g !== undefined).length;
  if (named > 0 && named < t.groups.length) throw new PatternError('cannot mix both named and unnamed capture groups');
  try {
    return { regexp: new RegExp(source, `gu${flags}`), groups: t.groups };
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new PatternError(`${GO_WORDING[reason] ?? reason.charAt(0).toLowerCase() + reason.slice(1)} in ${pattern}`);
  }
}
