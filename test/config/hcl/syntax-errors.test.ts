/**
 * Syntax errors say what was expected and where, in a Terraform user's words; loaded from a directory they
 * become one diagnostic naming the file, line and column.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHcl } from '../../../src/config/hcl/index.js';
import { loadConfigSources } from '../../../src/config/load.js';

function failure(text: string): string {
  const result = parseHcl('main.tf', text);
  assert.ok('error' in result, `expected an error for ${JSON.stringify(text)}`);
  return `${result.error.line}:${result.error.column} ${result.error.message}`;
}

const CASES: Array<[string, string, string]> = [
  ['a missing value', 'resource "a" "b" {\n  name = }\n', '2:10 Invalid expression: expected the start of an expression, found "}"'],
  ['an unclosed block', '# x\n\nresource "a" "b" {\n  name = "x"\n', '3:1 Unclosed block: "resource" opened at line 3 has no closing "}"'],
  ['an unterminated heredoc', 'a = 1\n\nb {\n  c = 2\n  d = <<EOT\n  text\n', '5:7 Unterminated heredoc: <<EOT opened at line 5 has no closing "EOT" line (the marker alone on a line, followed by a newline)'],
  ['a string over two lines', 'a = "abc\n', '1:9 Invalid multi-line string: a quoted string must end on the line it starts; use "\\n" or a heredoc (<<EOT) for several lines'],
  ['an unterminated string', 'a = 1\nb = "${x}abc', '2:5 Unterminated string: the string opened at line 2 has no closing quote before the end of the file'],
  ['a repeated argument', 'a = 1\nb = 2\na = 3\n', '3:1 Duplicate argument "a": already set at line 1; each argument may be set only once'],
  ['two arguments on a line', 'a = 1 b = 2\n', '1:7 Missing newline after argument: expected a newline after "a = …", found "b"'],
  ['a comma between arguments', 'a = 1,\n', '1:6 Unexpected comma after argument: arguments are separated by newlines, not commas: expected a newline after "a = …", found ","'],
  ['a block brace on the next line', 'b "x"\n{\n}\n', '1:6 Invalid block definition: the "{" of block "b" must be on the same line as its type and labels'],
  ['a quoted argument name', '"a" = 1\n', '1:1 Invalid argument name: argument names must not be quoted'],
  ['a bad escape', 'a = "x\\qy"\n', '1:7 Invalid escape sequence \\q: a backslash may start \\n, \\r, \\t, \\", \\\\, \\uNNNN or \\UNNNNNNNN only'],
  ['an unbalanced directive', 'a = "%{ if x }y"\n', '1:6 Unterminated template directive: %{ if } has no %{ endif } before the end of the quoted string'],
  ['an unclosed interpolation', 'a = "${x y}"\n', '1:10 Unclosed interpolation: expected "}" to close the "${" in this quoted string, found "y"'],
  ['a missing tuple comma', 'a = [1 2]\n', '1:8 Missing item separator: expected "," or "]", found the number 2'],
  ['an invalid character', 'a = x ; y\n', '1:7 Invalid character ";"'],
  ['a block label conflict', 'b {}\nb "x" {}\n', '2:1 Block b "x" conflicts with an earlier "b" block: one has fewer labels than the other (this one has 1 label; hcl2json\'s JSON form cannot hold both)'],
  ['a bool negated', 'a = [-true]\n', '1:7 Invalid operand: "-" needs a number, found true'],
  ['an unterminated comment', 'a = 1\n/* no end\n', '2:1 Unterminated comment: "/*" has no closing "*/"'],
];

describe('HCL syntax errors', () => {
  for (const [name, text, expected] of CASES) it(name, () => assert.equal(failure(text), expected));

  it('a loaded file reports one diagnostic with file, line and column', () => {
    const loaded = loadConfigSources('/x', [
      { file: 'a.tf.json', text: '{}' },
      { file: 'main.tf', text: 'resource "cycloid_organization_api_key" "a" {\n  name = "A"\n  rules = [\n    { action = "a:b" effect = "allow" },\n  ]\n}\n' },
    ]);
    assert.deepEqual(loaded.diagnostics, [
      {
        severity: 'error',
        summary: 'Invalid HCL at main.tf:4:22: Missing attribute separator: expected a newline or "," after the object attribute, found "effect"',
        file: 'main.tf',
        line: 4,
      },
    ]);
    assert.deepEqual(loaded.module?.files, ['a.tf.json', 'main.tf']);
  });

  it('override files are refused like their JSON kin', () => {
    const loaded = loadConfigSources('/x', [
      { file: 'main.tf', text: 'a = 1\n' },
      { file: 'override.tf', text: 'a = 2\n' },
      { file: 'x_override.tf', text: 'a = 2\n' },
    ]);
    const summaries = loaded.diagnostics.map((d) => d.summary);
    assert.ok(summaries.includes('Override files are not supported yet: override.tf was not read'));
    assert.ok(summaries.includes('Override files are not supported yet: x_override.tf was not read'));
  });
});
