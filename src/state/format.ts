/**
 * The state file format, versioned (STYLE 6): the JSON is parsed, its `version` picks a reader, and upgraders
 * carry older shapes forward one version at a time to the newest — the only one ever written. Today version 4
 * (Terraform's) is the only one; a newer version was written by a newer keyform and is refused.
 */
import { describeErrors, validator } from '../json-schemas.js';
import { deposedLabel, formatAddress } from './address.js';
import { stateError } from './errors.js';
import { jsonErrorPosition } from './json-position.js';
import { orderedResource, orderedStateFile, stateFileChunks, textOf } from './serialise.js';
import { STATE_VERSION, type StateFile } from './types.js';

/** Reads one version's shape (validated) from parsed JSON. */
type Reader = (raw: Record<string, unknown>, source: string) => unknown;
/** Carries a state of version N to version N + 1. */
type Upgrader = (state: unknown) => unknown;

const READERS: Record<number, Reader> = { 4: readV4 };
const UPGRADERS: Record<number, Upgrader> = {};

/** Parses and validates the text of a state file (`source` names it in errors); sensitive values stay encrypted. */
export function parseStateText(text: string, source: string): StateFile {
  const raw = parseJson(text, source);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw stateError('STATE_UNSUPPORTED_VERSION', `${source} is not a keyform/Terraform v4 state: it holds JSON but not an object`);
  }
  const version = (raw as Record<string, unknown>)['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw stateError('STATE_UNSUPPORTED_VERSION', `${source} is not a keyform/Terraform v4 state: it has no format "version"`);
  }
  if (version > STATE_VERSION) {
    throw stateError('STATE_FUTURE_VERSION', `${source} has state format version ${version}: it was written by a newer keyform (this one reads up to version ${STATE_VERSION}); upgrade keyform`);
  }
  const reader = READERS[version];
  if (!reader) {
    throw stateError('STATE_UNSUPPORTED_VERSION', `${source} is not a keyform/Terraform v4 state: format version ${version} is not supported (only ${STATE_VERSION})`);
  }
  let state = reader(raw as Record<string, unknown>, source);
  for (let v = version; v < STATE_VERSION; v++) state = UPGRADERS[v]!(state);
  return state as StateFile;
}

/**
 * The text to write for a state file; a file that would not read back is a bug, refused here. The document is
 * checked as it is about to be serialised (plain JSON data: its text parses back to the same document).
 */
export function encodeStateFile(file: StateFile): string {
  const document = orderedStateFile(file);
  const validate = validator('state.schema.json');
  if (!validate(document)) {
    throw stateError('STATE_INVALID', `refusing to write an invalid state: ${describeErrors(validate.errors).slice(0, 10).join('; ')}`);
  }
  return textOf(document);
}

/**
 * encodeStateFile in pieces, for writing a large state without holding its whole text: the skeleton (outputs and
 * all but the resources) and each resource are checked against the schema as they are serialised.
 */
export function* encodeStateChunks(skeleton: StateFile, resources: Iterable<StateFile['resources'][number]>): Generator<string> {
  refuseInvalid(validator('state.schema.json'), orderedStateFile(skeleton));
  const validResource = validator('state.schema.json', '#/definitions/Resource');
  function* checked(): Generator<unknown> {
    for (const r of resources) {
      const document = orderedResource(r);
      refuseInvalid(validResource, document, `resources[${r.type}.${r.name}]`);
      yield document;
    }
  }
  yield* stateFileChunks(skeleton, checked());
}

function refuseInvalid(validate: ReturnType<typeof validator>, document: unknown, at = ''): void {
  if (!validate(document)) {
    throw stateError('STATE_INVALID', `refusing to write an invalid state: ${describeErrors(validate.errors, at).slice(0, 10).join('; ')}`);
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const at = jsonErrorPosition(text);
    if (!at || at.atEnd) {
      throw stateError('STATE_TRUNCATED', `${source} is truncated: it ends ${text.trim() === '' ? 'before any content (empty file)' : `in the middle of its JSON (${text.length} bytes)`}`);
    }
    // V8's own message quotes the text, which may hold secrets: only the position is reported.
    throw stateError('STATE_NOT_JSON', `${source} is not valid JSON: syntax error at line ${at.line}, column ${at.column} (offset ${at.offset})`);
  }
}

function readV4(raw: Record<string, unknown>, source: string): StateFile {
  const validate = validator('state.schema.json');
  if (!validate(raw)) {
    const problems = describeErrors(validate.errors);
    const shown = problems.slice(0, 10).join('; ') + (problems.length > 10 ? `; and ${problems.length - 10} more` : '');
    throw stateError('STATE_INVALID', `${source} is not a valid keyform state: ${shown}`);
  }
  const file = raw as unknown as StateFile;
  const seen = new Set<string>();
  for (const r of file.resources) {
    for (const i of r.instances) {
      const address = deposedLabel(formatAddress(r.type, r.name, i.index_key), i.deposed);
      if (seen.has(address)) throw stateError('STATE_INVALID', `${source} is not a valid keyform state: ${address} appears twice`);
      seen.add(address);
      i.sensitive_attributes ??= [];
      i.dependencies ??= [];
      if ((i.create_before_destroy as boolean | undefined) === false) delete i.create_before_destroy;
    }
  }
  file.check_results ??= null;
  return file;
}
