/**
 * The expression syntax tree: HCL's native expression grammar as far as the parser knows it. Positions are
 * offsets into the string the expression came from, so a problem can point at the character.
 */

/** One step of a traversal: `.name`, `[0]` or `["key"]`. */
export type Step = { kind: 'attr'; name: string } | { kind: 'index'; key: number | string };

/** A static reference: a root name followed by attribute and literal-index steps (`a.b[0].c`, `a["k"]`). */
export interface Traversal {
  root: string;
  steps: Step[];
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

interface Span {
  pos: number;
  end: number;
}

export type LiteralValue = null | boolean | number | string;

export type Node = Span &
  (
    | { kind: 'literal'; value: LiteralValue }
    | { kind: 'template'; parts: TemplatePart[] }
    | { kind: 'traversal'; traversal: Traversal }
    | { kind: 'index'; target: Node; key: Node }
    | { kind: 'getattr'; target: Node; name: string }
    | { kind: 'splat'; source: Node; each: Step[] }
    | { kind: 'call'; name: string; args: Node[]; expandFinal: boolean }
    | { kind: 'tuple'; items: Node[] }
    | { kind: 'object'; items: Array<{ key: Node; value: Node }> }
    | { kind: 'unary'; op: '!' | '-'; operand: Node }
    | { kind: 'binary'; op: BinaryOp; left: Node; right: Node }
    | { kind: 'conditional'; condition: Node; then: Node; otherwise: Node }
    | ForNode
  );

/**
 * `[for k, v in coll : value if cond]` (`object: false`) or `{for k, v in coll : key => value... if cond}`
 * (`object: true`; `grouping` with `...`). `keyVar` is absent when only one name is declared.
 */
export interface ForNode extends Span {
  kind: 'for';
  keyVar?: string;
  valueVar: string;
  collection: Node;
  key?: Node;
  value: Node;
  condition?: Node;
  object: boolean;
  grouping: boolean;
}

export type NodeOf<K extends Node['kind']> = Extract<Node, { kind: K }>;

/** A piece of a template: literal text or an interpolation `${…}` (with `~` strip markers already applied). */
export type TemplatePart = Span & ({ kind: 'literal'; text: string } | { kind: 'interpolation'; expr: Node });

/** A problem found while reading an expression, at an offset in its string. */
export interface ExprProblem {
  /**
   * `syntax`: the text is not an expression; `unsupported`: a valid expression keyform cannot evaluate yet;
   * `reference`: a traversal that names nothing; `value`: a value that cannot be used where it is.
   */
  kind: 'syntax' | 'unsupported' | 'reference' | 'value';
  summary: string;
  detail?: string;
  pos: number;
}

/** `a.b[0]["k"]` for a traversal. */
export function traversalText(t: Traversal): string {
  let out = t.root;
  for (const s of t.steps) {
    if (s.kind === 'attr') out += `.${s.name}`;
    else out += typeof s.key === 'number' ? `[${s.key}]` : `[${JSON.stringify(s.key)}]`;
  }
  return out;
}

/** The direct sub-expressions of a node, in source order (a for expression's names are not nodes). */
export function childNodes(node: Node): Node[] {
  switch (node.kind) {
    case 'template':
      return node.parts.flatMap((p) => (p.kind === 'interpolation' ? [p.expr] : []));
    case 'index':
      return [node.target, node.key];
    case 'getattr':
      return [node.target];
    case 'splat':
      return [node.source];
    case 'call':
      return node.args;
    case 'tuple':
      return node.items;
    case 'object':
      return node.items.flatMap((item) => [item.key, item.value]);
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'conditional':
      return [node.condition, node.then, node.otherwise];
    case 'for':
      return [node.collection, ...[node.key, node.value, node.condition].filter((n): n is Node => n !== undefined)];
    case 'literal':
    case 'traversal':
      return [];
  }
}
