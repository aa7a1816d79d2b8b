/** The expression tokenizer, parser and template reader: tables of inputs and what they become. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { traversalText, type Node } from '../../src/config/expr/ast.js';
import { parseTemplate } from '../../src/config/expr/parse-template.js';
import { parseExpression } from '../../src/config/expr/parser.js';
import { tokenize } from '../../src/config/expr/tokenizer.js';
import { findUnsupported } from '../../src/config/expr/unsupported.js';

/** A compact rendering of a tree, so tables stay readable. */
function show(n: Node): string {
  switch (n.kind) {
    case 'literal':
      return JSON.stringify(n.value);
    case 'traversal':
      return `<${traversalText(n.traversal)}>`;
    case 'template':
      return `tpl(${n.parts.map((p) => (p.kind === 'literal' ? JSON.stringify(p.text) : show(p.expr))).join(', ')})`;
    case 'index':
      return `${show(n.target)}[${show(n.key)}]`;
    case 'getattr':
      return `${show(n.target)}.${n.name}`;
    case 'splat':
      return `splat(${show(n.source)}; ${n.each.map((s) => (s.kind === 'attr' ? s.name : s.key)).join('.')})`;
    case 'call':
      return `${n.name}(${n.args.map(show).join(', ')}${n.expandFinal ? '...' : ''})`;
    case 'tuple':
      return `[${n.items.map(show).join(', ')}]`;
    case 'object':
      return `{${n.items.map((i) => `${show(i.key)}=${show(i.value)}`).join(', ')}}`;
    case 'unary':
      return `(${n.op}${show(n.operand)})`;
    case 'binary':
      return `(${show(n.left)} ${n.op} ${show(n.right)})`;
    case 'conditional':
      return `(${show(n.condition)} ? ${show(n.then)} : ${show(n.otherwise)})`;
    case 'for':
      return `for(${n.keyVar ? `${n.keyVar}, ` : ''}${n.valueVar} in ${show(n.collection)}: ${n.key ? `${show(n.key)} => ` : ''}${show(n.value)}${n.grouping ? '...' : ''}${n.condition ? ` if ${show(n.condition)}` : ''})${n.object ? '{}' : '[]'}`;
  }
}

function parseBare(text: string): string {
  const lexed = tokenize(text, 0, 'whole');
  if (lexed.problem) return `error: ${lexed.problem.summary}`;
  const parsed = parseExpression(lexed.tokens, text);
  return 'node' in parsed ? show(parsed.node) : `error: ${parsed.problem.summary} @${parsed.problem.pos}`;
}

describe('tokenize', () => {
  const cases: Array<[string, string[]]> = [
    ['a.b[0]', ['ident:a', 'punct:.', 'ident:b', 'punct:[', 'number:0', 'punct:]', 'end:']],
    ['a-b == 1.5e3', ['ident:a-b', 'punct:==', 'number:1.5e3', 'end:']],
    ['x>=y&&!z', ['ident:x', 'punct:>=', 'ident:y', 'punct:&&', 'punct:!', 'ident:z', 'end:']],
    ['f(a...)', ['ident:f', 'punct:(', 'ident:a', 'punct:...', 'punct:)', 'end:']],
    ['"a}b"', ['string:a}b', 'end:']],
    ['"x${y}z"', ['string:x${y}z', 'end:']],
  ];
  for (const [text, expected] of cases) {
    it(`tokenizes ${text}`, () => {
      const lexed = tokenize(text, 0, 'whole');
      assert.equal(lexed.problem, undefined);
      assert.deepEqual(lexed.tokens.map((t) => `${t.kind}:${t.text}`), expected);
    });
  }
  it('stops at the } closing an interpolation, respecting nested braces and strings', () => {
    const src = '${ {a = "}"}.a } tail';
    const lexed = tokenize(src, 2, 'interpolation');
    assert.equal(src.slice(lexed.end), ' tail');
  });
  it('reports an unterminated interpolation at its ${', () => {
    const lexed = tokenize('ab${a.b', 4, 'interpolation', 2);
    assert.equal(lexed.problem?.pos, 2);
    assert.match(lexed.problem?.summary ?? '', /no closing "}"/);
  });
  it('reports an unexpected character', () => assert.match(tokenize('a @ b', 0, 'whole').problem?.summary ?? '', /Unexpected character "@"/));
});

describe('parseExpression', () => {
  const cases: Array<[string, string]> = [
    ['a.b.c', '<a.b.c>'],
    ['a.b[0].c', '<a.b[0].c>'],
    ['a["k"]', '<a["k"]>'],
    ['a.0.b', '<a[0].b>'],
    ['a.b[x.y]', '<a.b>[<x.y>]'],
    ['true', 'true'],
    ['null', 'null'],
    ['-2.5', '-2.5'],
    ['"plain"', '"plain"'],
    ['"x-${a.b}"', 'tpl("x-", <a.b>)'],
    ['[1, "two", a.b]', '[1, "two", <a.b>]'],
    ['{ k = 1, "q" : a }', '{"k"=1, "q"=<a>}'],
    ['upper(a.name)', 'upper(<a.name>)'],
    ['provider::x::f(1)', 'provider::x::f(1)'],
    ['f(a, b...)', 'f(<a>, <b>...)'],
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['a || b && c', '(<a> || (<b> && <c>))'],
    ['a == b ? c : d', '((<a> == <b>) ? <c> : <d>)'],
    ['!a', '(!<a>)'],
    ['a[*].b', 'splat(<a>; b)'],
    ['a.*.b', 'splat(<a>; b)'],
    ['(a).b', '<a.b>'],
    ['a.', 'error: Expected an attribute name after ".", found the end of the text @2'],
    ['a b', 'error: Expected the end of the expression, found "b" @2'],
    ['[for x in y: x]', 'for(x in <y>: <x>)[]'],
    ['{for k, v in m : v => k... if k != ""}', 'for(k, v in <m>: <v> => <k>... if (<k> != "")){}'],
    ['[for x in y: x => 1]', 'error: A tuple for expression ([for …]) has no key: use {for … : key => value} to build an object @15'],
    ['{for x in y: x}', 'error: Expected "=>" between the key and the value of the object for expression, found "}" @14'],
    ['[for k, k in y: k]', 'error: The key and value variables of a for expression must have different names, both are "k" @8'],
    ['f(a', 'error: Expected "," or ")" in the argument list, found the end of the text @3'],
    ['', 'error: Expected an expression, found the end of the text @0'],
  ];
  for (const [text, expected] of cases) it(`parses ${JSON.stringify(text)}`, () => assert.equal(parseBare(text), expected));
});

describe('parseTemplate', () => {
  const literal: Array<[string, string]> = [
    ['plain', 'plain'],
    ['', ''],
    ['cost: $5 {x}', 'cost: $5 {x}'],
    ['$${not.a.ref}', '${not.a.ref}'],
    ['%%{not a directive}', '%{not a directive}'],
    ['a $${b} c', 'a ${b} c'],
  ];
  for (const [text, value] of literal) it(`reads ${JSON.stringify(text)} as literal text`, () => assert.equal(parseTemplate(text).literal, value));

  const templates: Array<[string, string]> = [
    ['${a.b}', 'tpl(<a.b>)'],
    ['x-${a.b}-y', 'tpl("x-", <a.b>, "-y")'],
    ['${a}${b}', 'tpl(<a>, <b>)'],
    ['  ${~ a ~}  !', 'tpl(<a>, "!")'],
    ['${ "quoted \\"}\\" ${b.c}" }', 'tpl(tpl("quoted \\"}\\" ", <b.c>))'],
    ['${ {a = "}"} }', 'tpl({"a"="}"})'],
    ['$${x} and ${y}', 'tpl("${x} and ", <y>)'],
  ];
  for (const [text, expected] of templates) {
    it(`parses ${JSON.stringify(text)}`, () => {
      const parsed = parseTemplate(text);
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.node && show(parsed.node), expected);
    });
  }

  const problems: Array<[string, RegExp, number]> = [
    ['${a.b', /no closing "}"/, 0],
    ['x ${a.}', /attribute name after "."/, 6],
    ['ab %{ if a }x', /Unclosed %\{ if \} directive/, 3],
    ['%{ for x in y }x%{ endif }', /%\{ endif \} closes nothing: the open directive is %\{ for \}/, 16],
    ['${ "\\q" }', /Invalid escape/, 4],
    ['${ "open }', /Unterminated quoted string/, 3],
    ['${}', /Expected an expression/, 2],
  ];
  for (const [text, summary, pos] of problems) {
    it(`reports ${JSON.stringify(text)}`, () => {
      const [problem] = parseTemplate(text).problems;
      assert.match(problem?.summary ?? '', summary);
      assert.equal(problem?.pos, pos);
    });
  }
});

describe('findUnsupported', () => {
  const cases: Array<[string, string[]]> = [
    ['${a.b}', []],
    ['${[a.b, {k = c.d}]}', []],
    ['${upper(a.b)}', []],
    ['${a + 1 > 2 ? [for x in a[*].b : x] : try(a[b.c], null)}', []],
    ['${uppr(a.b)}', ['Call to unknown function "uppr"; did you mean "upper"?']],
    ['${provider::aws::arn_parse(x)}', ['Provider-defined functions are not supported: provider::aws::arn_parse()']],
    ['${f(x)} ${[for v in g(y): v]}', ['Call to unknown function "f"', 'Call to unknown function "g"; did you mean "log"?']],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected.length} problem(s)`, () => {
      const node = parseTemplate(text).node!;
      assert.deepEqual(findUnsupported(node).map((p) => p.summary), expected);
    });
  }
});

describe('the fast path for plain traversals', () => {
  it('reads `${a.b[0]["k"]}` exactly as the general parser does', () => {
    const piece = fc.constantFrom('a', 'b-c', '_x', 'true', 'null', '.', '.name', '.0', '[0]', '[12]', '["k"]', '["a b"]', '[x]', '-', ' ', '*', '[*]', '"');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const text = pieces.join('');
        const slow = parseBare(text);
        const parsed = parseTemplate(`\${${text}}`);
        const only = parsed.node?.parts.length === 1 ? parsed.node.parts[0] : undefined;
        const fast = only?.kind === 'interpolation' ? show(only.expr) : `error: ${parsed.problems[0]?.summary}`;
        if (!slow.startsWith('error')) assert.equal(fast, slow, text);
        else assert.ok(fast.startsWith('error') || parsed.node?.parts.length !== 1, `${text}: ${fast} vs ${slow}`);
      }),
      { numRuns: 2000 },
    );
  });
});
