/**
 * Generators of HCL documents for the differential property tests: blocks (labels quoted or bare, nested,
 * one-line), arguments, and expressions of every kind — literals, quoted templates with escapes, interpolations,
 * directives and strip markers, heredocs (`<<` and `<<-`, indented), operators, conditionals, calls, for
 * expressions, references with splats, tuples and objects — with spaces, tabs, comments and newlines wherever
 * HCL allows them. Names come from small pools so that repeated blocks, repeated keys and arguments named like
 * blocks occur. Not every generated text is valid HCL; the property compares both parsers either way.
 */
import fc from 'fast-check';

const SPACE = ['', ' ', ' ', '  ', '\t', ' /* c */ '];
/** Where newlines are ignored (inside brackets and parentheses): newlines and comments too. */
const FREE_SPACE = [...SPACE, '\n', '\n  ', ' # note\n', ' // note\n', '\n\n\t'];

const space = fc.constantFrom(...SPACE);
const freeSpace = fc.constantFrom(...FREE_SPACE);

const NUMBERS = ['0', '1', '42', '1.5', '0.5', '1e3', '1E-2', '1.5e+3', '01', '1.0', '1.e5', '100000000000000000000000', '0.1', '3.14159', '0.0', '1e30', '7'];
const ROOTS = ['var', 'local', 'x', 'each', 'count', 'a-b', 'self', 'cycloid_organization_api_key', 'ñame', 'true_', 'null-x'];
const STEPS = ['.name', '.id', '[0]', '["k"]', '.0', '[*]', '.*', '[x]', '[1].b', '[*].id', '.canonical', '[var.i]', '[-1]', '[true]', '.a-b'];
const FUNCTIONS = ['f', 'upper', 'jsonencode', 'provider::p::fn', 'length', 'max'];
const NAMES = ['a', 'b', 'c', 'name', 'rules', 'x-y', 'ñ', '_u', 'lifecycle', 'value'];
const BLOCK_TYPES = ['resource', 'b', 'lifecycle', 'x', 'c'];
const LABELS = ['a', 'b', '"a"', '"b"', '"with space"', '"esc\\n"', '"$${x}"', '"%%{y}"', 'k-1', '"é"'];
const TEXT = ['hello', ' ', 'a b', 'é', '😀', '$ ', '% ', '}', '$x', '%d', 'x}', ':', '-', "'", '~', '#', '//', '/*', '\t', 'EOTx', '  '];
const ESCAPES = ['\\n', '\\t', '\\"', '\\\\', '\\u00e9', '\\U0001F600', '\\r', '\\u0024{x}', '\\u0025{'];

export interface Pools {
  inline: fc.Arbitrary<string>;
  free: fc.Arbitrary<string>;
}

const joinAll = (parts: string[]): string => parts.join('');

/** A quoted template or a heredoc line: literal text, escapes (quoted only), `$${`, interpolations, directives. */
function templateParts(expr: fc.Arbitrary<string>, quoted: boolean, depth: number): fc.Arbitrary<string> {
  const tilde = fc.constantFrom('', '', '~');
  const interpolation = fc.tuple(tilde, space, expr, space, tilde).map(([a, s1, e, s2, b]) => `\${${a}${s1}${e}${s2}${b}}`);
  const literal = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(quoted ? TEXT : [...TEXT, '"', '\\n'])) },
    { weight: quoted ? 2 : 0, arbitrary: fc.constantFrom(...ESCAPES) },
    { weight: 1, arbitrary: fc.constantFrom('$${', '%%{', '$${~') },
  );
  const simple = fc.array(fc.oneof({ weight: 3, arbitrary: literal }, { weight: 2, arbitrary: interpolation }), { maxLength: 5 }).map(joinAll);
  if (depth <= 0) return simple;
  const inner = templateParts(expr, quoted, depth - 1);
  const ifDirective = fc
    .tuple(tilde, space, expr, tilde, inner, fc.option(inner, { nil: undefined }), tilde, tilde)
    .map(([a, s, c, b, then, otherwise, e1, e2]) => `%{${a}${s}if ${c} ${b}}${then}${otherwise === undefined ? '' : `%{ else ${e1}}${otherwise}`}%{${e2} endif }`);
  const forDirective = fc
    .tuple(tilde, fc.constantFrom('x', 'k, v'), expr, tilde, inner, tilde)
    .map(([a, vars, coll, b, body, e]) => `%{${a} for ${vars} in ${coll} ${b}}${body}%{${e} endfor}`);
  return fc.array(fc.oneof({ weight: 4, arbitrary: literal }, { weight: 3, arbitrary: interpolation }, { weight: 1, arbitrary: ifDirective }, { weight: 1, arbitrary: forDirective }), { maxLength: 5 }).map(joinAll);
}

function quoted(expr: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return templateParts(expr, true, 1).map((body) => `"${body}"`);
}

/** A heredoc, ending with the newline after its closing marker. */
function heredoc(expr: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const indent = fc.constantFrom('', ' ', '  ', '    ', '\t', '\t ');
  const line = fc.oneof({ weight: 5, arbitrary: fc.tuple(indent, templateParts(expr, false, 1)).map(([i, body]) => i + body) }, { weight: 1, arbitrary: indent });
  return fc
    .tuple(fc.boolean(), fc.constantFrom('EOT', 'END', 'X_1'), fc.array(line, { maxLength: 4 }), indent, fc.constantFrom('', ' '))
    .map(([flush, marker, lines, closeIndent, trailing]) => `<<${flush ? '-' : ''}${marker}\n${lines.map((l) => `${l}\n`).join('')}${closeIndent}${marker}${trailing}\n`);
}

const traversal = fc.tuple(fc.constantFrom(...ROOTS), fc.array(fc.constantFrom(...STEPS), { maxLength: 2 })).map(([root, steps]) => root + steps.join(''));

/** Expressions; `inline` ones keep newlines out of their top level (arguments, object items), `free` ones may not. */
export function expressions(): Pools {
  return fc.letrec<{ inline: string; free: string }>((tie) => {
    const inline = tie('inline');
    const free = tie('free');
    const atom = fc.oneof(
      fc.constantFrom(...NUMBERS),
      fc.constantFrom('true', 'false', 'null'),
      traversal,
      fc.constantFrom('"plain"', '""', '"a\\"b"', '"\\u00e9"', '"$${not}"'),
    );
    const compound = (ws: fc.Arbitrary<string>, self: fc.Arbitrary<string>) => [
      fc.tuple(fc.constantFrom('-', '!'), ws, self).map(([op, s, e]) => `${op}${s}${e}`),
      fc.tuple(self, ws, fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||'), ws, self).map(([l, s1, op, s2, r]) => `${l}${s1 === '' && /[-\w]$/.test(l) && op === '-' ? ' ' : s1}${op}${s2}${r}`),
      fc.tuple(self, ws, self, ws, self).map(([c, s1, a, s2, b]) => `${c}${s1}?${s2}${a}${s1}:${s2}${b}`),
      fc.tuple(freeSpace, free, freeSpace).map(([s1, e, s2]) => `(${s1}${e}${s2})`),
      fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(fc.tuple(freeSpace, free, freeSpace), { maxLength: 3 }), fc.constantFrom('', ',', '...')).map(([name, args, tail]) => `${name}(${args.map(([a, e, b]) => a + e + b).join(',')}${args.length > 0 ? tail : ''})`),
      fc.tuple(fc.array(fc.tuple(freeSpace, free, freeSpace), { maxLength: 4 }), fc.boolean()).map(([items, comma]) => `[${items.map(([a, e, b]) => a + e + b).join(',')}${comma && items.length > 0 ? ',' : ''}]`),
      object(inline, free),
      forExpression(free),
      fc.tuple(fc.constantFrom('(x)', '[1, 2]', 'f(x)', '"s"', '{a = 1}'), fc.constantFrom(...STEPS)).map(([base, step]) => base + step),
      quoted(free),
    ];
    return {
      inline: fc.oneof({ depthSize: 'small', maxDepth: 3 }, atom, ...compound(space, inline)),
      free: fc.oneof({ depthSize: 'small', maxDepth: 3 }, atom, ...compound(freeSpace, free), heredoc(free)),
    };
  });
}

function object(inline: fc.Arbitrary<string>, free: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom(...NAMES),
    fc.constantFrom('"a"', '"quoted key"', '"$${k}"', '1', '1.50', 'true', 'null', 'var.k', 'a[0]', 'a[x]', '-1', '"${k}"', '"a${k}"'),
    free.map((e) => `(${e})`),
  );
  const item = fc.tuple(key, space, fc.constantFrom('=', ':', ' = '), space, inline).map(([k, s1, sep, s2, v]) => `${k}${s1}${sep}${s2}${v}`);
  const oneLine = fc.tuple(fc.array(item, { maxLength: 4 }), fc.boolean()).map(([items, comma]) => `{${items.join(', ')}${comma && items.length > 0 ? ',' : ''}}`);
  const multiLine = fc.array(fc.tuple(item, fc.constantFrom('\n', ',\n', ' # c\n', '\n\n')), { maxLength: 4 }).map((items) => `{\n${items.map(([i, end]) => `  ${i}${end}`).join('')}}`);
  return fc.oneof(oneLine, multiLine);
}

function forExpression(free: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const cond = fc.option(free.map((c) => ` if ${c}`), { nil: '' });
  const tuple = fc.tuple(freeSpace, free, free, cond).map(([s, coll, body, c]) => `[${s}for x in ${coll} :${s}${body}${c}]`);
  const obj = fc.tuple(freeSpace, free, free, free, fc.constantFrom('', '...'), cond).map(([s, coll, k, v, group, c]) => `{${s}for k, v in ${coll} : ${k} => ${v}${group}${c}}`);
  return fc.oneof(tuple, obj);
}

/** A whole document: arguments and blocks, comments and blank lines between them; sometimes with CRLF line ends. */
export function documents(): fc.Arbitrary<string> {
  const { inline, free } = expressions();
  const comment = fc.constantFrom('', '', ' # trailing', ' // t', ' /* t */');
  const value = fc.oneof({ weight: 5, arbitrary: fc.tuple(inline, comment).map(([v, c]) => v + c) }, { weight: 1, arbitrary: heredoc(free).map((h) => h.slice(0, -1)) });
  const attribute = fc.tuple(fc.constantFrom(...NAMES), space, value).map(([name, s, v]) => ({ name, text: `${name}${s}=${s}${v}\n` }));
  const separator = fc.constantFrom('', '', '\n', '# comment\n', '// comment\n', '/* block\n comment */\n', '  \n');
  const header = fc.tuple(fc.constantFrom(...BLOCK_TYPES), fc.array(fc.constantFrom(...LABELS), { maxLength: 2 })).map(([type, labels]) => [type, ...labels].join(' '));
  const { body } = fc.letrec<{ body: string }>((tie) => {
    const block = (text: fc.Arbitrary<string>) => text.map((t) => ({ name: '', text: t }));
    const nested = block(fc.tuple(header, tie('body')).map(([h, b]) => `${h} {\n${b}}\n`));
    const oneLine = block(fc.tuple(header, fc.constantFrom(...NAMES), inline).map(([h, n, v]) => `${h} { ${n} = ${v} }\n`));
    const empty = block(header.map((h) => `${h} {}\n`));
    const item = fc.oneof({ weight: 4, arbitrary: attribute }, { weight: 2, arbitrary: nested }, { weight: 1, arbitrary: oneLine }, { weight: 1, arbitrary: empty });
    return {
      body: fc.tuple(fc.array(fc.tuple(separator, item), { maxLength: 5, depthIdentifier: 'body' }), fc.nat(9)).map(([items, keepRepeats]) => {
        // A repeated argument is only an error: keep one per name, except now and then.
        const seen = new Set<string>();
        const kept = items.filter(([, i]) => {
          if (i.name === '' || keepRepeats === 0) return true;
          if (seen.has(i.name)) return false;
          seen.add(i.name);
          return true;
        });
        return kept.map(([sep, i]) => sep + i.text).join('');
      }),
    };
  });
  return fc.tuple(body, fc.boolean(), fc.integer({ min: 0, max: 9 })).map(([doc, trim, crlf]) => {
    // The newline after a heredoc's closing marker is part of the heredoc.
    const text = trim && !/\n[ \t]*(EOT|END|X_1) ?\n$/.test(doc) ? doc.replace(/\n$/, '') : doc;
    return crlf === 0 ? text.replace(/\n/g, '\r\n') : text;
  });
}

/** A document with a few characters deleted, duplicated or inserted: mostly invalid. */
export function mutated(doc: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'duplicate'), fc.constantFrom('{', '}', '"', '$', '%', '~', '\n', '=', '<<EOT\n', '\\', '#', '*/', '[', ')', ',', 'x', ' ', '\r', '.', '0'));
  return fc.tuple(doc, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([text, edits]) => {
    let t = text;
    for (const [at, op, ch] of edits) {
      const i = t.length === 0 ? 0 : at % (t.length + 1);
      if (op === 'delete') t = t.slice(0, i) + t.slice(i + 1);
      else if (op === 'insert') t = t.slice(0, i) + ch + t.slice(i);
      else t = t.slice(0, i) + t.slice(i, i + 3) + t.slice(i);
    }
    return t;
  });
}
