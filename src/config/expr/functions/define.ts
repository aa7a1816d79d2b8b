/**
 * A function is declared, not coded, as far as its arguments go: parameters with a type, whether null is
 * allowed and what an unknown argument does. `defineFunction` turns the declaration into a FunctionDef whose
 * `call` checks the count, converts every argument (strings to NFC, as Terraform holds them), answers UNKNOWN
 * when an argument is not known yet, and only then runs the implementation — so count and type errors show even
 * when some arguments are unknown.
 */
import { containsUnknown, isUnknown, UNKNOWN, type Value } from '../../../values.js';
import { FunctionError } from './function-error.js';
import { normalizeStrings } from './nfc.js';
import { conform, TypeMismatch, typeText, type ParamType } from './param-type.js';

/**
 * What an unknown argument does. `propagate` (the default): an argument that is or contains an unknown value
 * makes the result unknown. `nested`: an unknown argument does, but unknowns inside it reach the implementation
 * (functions that move values around, like concat, keep them in place). `allow`: the implementation sees
 * unknown arguments too (coalesce, where an earlier known argument can decide).
 */
export type UnknownHandling = 'propagate' | 'nested' | 'allow';

export interface Param {
  readonly name: string;
  readonly type: ParamType;
  readonly allowNull?: boolean;
  readonly unknown?: UnknownHandling;
}

/** The repeated last parameter, with how many times it may (min) or must at most (max) appear. */
export interface VariadicParam extends Param {
  readonly min?: number;
  readonly max?: number;
}

export interface FunctionSpec {
  readonly name: string;
  readonly params: readonly Param[];
  readonly variadic?: VariadicParam;
  /** The result type as the signature shows it. */
  readonly returns: string;
  readonly summary: string;
  /** Runs on converted, known (as declared) arguments; throws FunctionError for a value it cannot use. */
  readonly impl: (args: Value[]) => Value;
  /** Checks the known arguments when the result is unknown anyway (a regex pattern), so mistakes show early. */
  readonly precheck?: (args: Value[]) => void;
}

export interface FunctionDef {
  readonly name: string;
  /** `format(spec string, values...) string` */
  readonly signature: string;
  /** One line: what the function returns. */
  readonly summary: string;
  /** The result, UNKNOWN when it depends on values not known yet, or a thrown FunctionError. */
  call(args: Value[]): Value;
}

const paramText = (p: Param): string => (p.type === 'any' ? p.name : `${p.name} ${typeText(p.type)}`);

function signatureOf(spec: FunctionSpec): string {
  const parts = spec.params.map(paramText);
  const v = spec.variadic;
  if (v) {
    const type = v.type === 'any' ? '' : ` ${typeText(v.type)}`;
    parts.push(v.max === 1 && !v.min ? `[${v.name}${type}]` : `${v.name}...${type}`);
  }
  return `${spec.name}(${parts.join(', ')}) ${spec.returns}`;
}

function arityText(min: number, max: number): string {
  if (max === Infinity) return `at least ${min}`;
  if (min === max) return min === 0 ? 'no arguments' : String(min);
  return max === min + 1 ? `${min} or ${max}` : `${min} to ${max}`;
}

export function defineFunction(spec: FunctionSpec): FunctionDef {
  const { name, params, variadic } = spec;
  const min = params.length + (variadic?.min ?? 0);
  const max = variadic ? params.length + (variadic.max ?? Infinity) : params.length;
  const takes = arityText(min, max);

  function checkCount(count: number): void {
    if (count < min) {
      const missing = params[count]?.name ?? variadic?.name ?? '';
      throw new FunctionError(`Not enough arguments: ${name} takes ${takes}; "${missing}" is missing`, undefined, 'ERR_FUNCTION_ARITY');
    }
    if (count > max) throw new FunctionError(`Too many arguments: ${name} takes ${takes}`, undefined, 'ERR_FUNCTION_ARITY');
  }

  function convert(arg: Value, p: Param, i: number): Value {
    if (arg === null) {
      if (p.allowNull) return null;
      throw new FunctionError(`Invalid value for "${p.name}" parameter: argument must not be null`, i);
    }
    try {
      return conform(arg, p.type);
    } catch (e) {
      if (e instanceof TypeMismatch) throw new FunctionError(`Invalid value for "${p.name}" parameter: ${e.message}`, i);
      throw e;
    }
  }

  return {
    name,
    signature: signatureOf(spec),
    summary: spec.summary,
    call(args: Value[]): Value {
      checkCount(args.length);
      let unknown = false;
      const converted = args.map(normalizeStrings).map((arg, i) => {
        const p = params[i] ?? variadic!;
        const handling = p.unknown ?? 'propagate';
        if (isUnknown(arg)) {
          if (handling !== 'allow') unknown = true;
          return arg;
        }
        const v = convert(arg, p, i);
        if (handling === 'propagate' && containsUnknown(v)) unknown = true;
        return v;
      });
      if (!unknown) return spec.impl(converted);
      spec.precheck?.(converted);
      return UNKNOWN;
    },
  };
}
