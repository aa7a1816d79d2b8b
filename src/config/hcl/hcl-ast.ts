/**
 * The syntax tree of HCL native-syntax expressions, reduced to what the conversion to Terraform JSON needs: the
 * expression kinds hcl2json treats specially keep their parts; every other expression is only its source span
 * (it is written back as `"${source}"`). Spans are offsets into the file text. Bodies and blocks are converted
 * as they are read (body-builder.ts) and have no tree of their own.
 */

export interface Span {
  start: number;
  end: number;
}

export type Expr = Span &
  (
    | { kind: 'number'; text: string }
    | { kind: 'bool'; value: boolean }
    | { kind: 'null' }
    /** A literal piece of a template (escapes already processed). */
    | { kind: 'string'; value: string }
    /** A quoted string that is plain text (the common case, read without building a template). */
    | { kind: 'text'; value: string }
    /** A name followed only by static steps (`a.b[0]["k"]`): an object key written this way is kept as text. */
    | { kind: 'traversal' }
    /** A quoted string or heredoc that is not a lone interpolation. */
    | { kind: 'template'; parts: Expr[] }
    /** A template holding exactly one interpolation, `"${x}"`: it stands for `x` itself. */
    | { kind: 'wrap'; inner: Expr }
    | { kind: 'tuple'; items: Expr[] }
    | { kind: 'object'; items: ObjectItem[] }
    | { kind: 'unary'; op: '-' | '!'; operand: Expr }
    /** `c ? a : b`, and a template's `%{ if c }a%{ else }b%{ endif }`. */
    | { kind: 'conditional'; condition: Expr; then: Expr; otherwise: Expr }
    /** A template's `%{ for k, v in coll }body%{ endfor }`. */
    | { kind: 'for-directive'; keyVar: string; valueVar: string; collection: Expr; body: Expr }
    /** Any other expression (operators, calls, references with computed steps, for expressions, parentheses). */
    | { kind: 'other' }
  );

export interface ObjectItem {
  key: Expr;
  value: Expr;
}

export interface Label {
  value: string;
  start: number;
}

/** A block's header, as the body builder needs it. */
export interface BlockHeader {
  type: string;
  typeStart: number;
  labels: Label[];
}
