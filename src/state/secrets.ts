/**
 * Secrets at rest. Every sensitive value — an instance attribute the provider schema marks sensitive (or that
 * the instance lists in `sensitive_attributes`) and every `sensitive` output — is stored as
 * `kf1:<base64url(iv | AES-256-GCM ciphertext | tag)>` of the value's JSON, with a fresh IV per value.
 * Null stays null (an imported key has no token). Only this file sees both forms.
 *
 * Reading a state may leave the secrets of some instances unopened (`openState`'s `opens`): their values stay the
 * ciphertexts read, noted in the memo, and sealing writes exactly those strings back — no plaintext is kept or
 * parsed. Their GCM tags are still checked on reading, so a damaged ciphertext is refused by every command.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { sensitiveAttributes } from '../provider/schema.js';
import type { Value, Values } from '../values.js';
import { deposedLabel, formatAddress } from './address.js';
import { recordedSensitive } from './instances.js';
import type { StateKey } from './encryption-key.js';
import { stateError } from './errors.js';
import type { InstanceState, ResourceState, State, StateFile } from './types.js';

export const CIPHER_PREFIX = 'kf1:';
const AAD = Buffer.from('keyform-state-v1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const isCiphertext = (v: unknown): v is string => typeof v === 'string' && v.startsWith(CIPHER_PREFIX);

/** IVs are cut from a block of random bytes drawn 256 IVs at a time: one CSPRNG call instead of one per value. */
let ivBlock = Buffer.alloc(0);
let ivOffset = 0;
function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivBlock.length) {
    ivBlock = randomBytes(IV_BYTES * 256);
    ivOffset = 0;
  }
  const iv = ivBlock.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/**
 * The key as a KeyObject, made once per key buffer: createCipheriv given a Buffer imports it anew on every call
 * (about a tenth of the cost of encrypting one token). Key buffers are never changed in place.
 */
const keyObjects = new WeakMap<Buffer, KeyObject>();
function keyObject(key: Buffer): KeyObject {
  let k = keyObjects.get(key);
  if (!k) {
    k = createSecretKey(key);
    keyObjects.set(key, k);
  }
  return k;
}

export function encryptValue(value: unknown, key: Buffer): string {
  return encryptJson(JSON.stringify(value), key);
}

/** `encryptValue` of a value whose JSON is `plain`. */
function encryptJson(plain: string, key: Buffer): string {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', keyObject(key), iv);
  cipher.setAAD(AAD);
  const body = cipher.update(plain, 'utf8');
  const last = cipher.final();
  return CIPHER_PREFIX + Buffer.concat([iv, body, last, cipher.getAuthTag()], IV_BYTES + body.length + last.length + TAG_BYTES).toString('base64url');
}

/** The plaintext bytes, or undefined when the ciphertext is malformed, altered (its GCM tag fails), or from another key. */
function openBytes(text: string, key: Buffer): Buffer | undefined {
  if (!isCiphertext(text)) return undefined;
  const raw = Buffer.from(text.slice(CIPHER_PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyObject(key), raw.subarray(0, IV_BYTES));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** The value, or undefined when the ciphertext is malformed, altered, or from another key. */
export function decryptValue(text: string, key: Buffer): Value | undefined {
  const plain = openBytes(text, key);
  if (plain === undefined) return undefined;
  try {
    return JSON.parse(plain.toString('utf8')) as Value;
  } catch {
    return undefined;
  }
}

const namesByType = new Map<string, ReadonlySet<string>>();

function schemaNames(type: string): ReadonlySet<string> {
  let names = namesByType.get(type);
  if (!names) {
    names = new Set(sensitiveAttributes(type));
    namesByType.set(type, names);
  }
  return names;
}

/**
 * Top-level attribute names of an instance that are stored encrypted: the schema's sensitive ones (one shared set),
 * and those its `sensitive_attributes` adds (attributes fed by a sensitive variable of the configuration).
 */
export function sensitiveNames(type: string, instance: Pick<InstanceState, 'sensitive_attributes'>): ReadonlySet<string> {
  const names = schemaNames(type);
  const extra = recordedSensitive(type, instance);
  return extra.length === 0 ? names : new Set([...names, ...extra]);
}

/**
 * Ciphertexts already on disk by location and plaintext: an unchanged secret keeps its ciphertext, so a state
 * diff shows only what changed, and a value the journal encrypted is not encrypted again for the state file.
 * (The same plaintext under the same key at the same location — nothing is revealed by reuse.)
 */
export class CipherMemo extends Map<string, { plain: string; cipher: string }> {
  /** Ciphertexts read and left unopened: in memory they stand for their secret, and are written back as they are. */
  readonly unopened = new Set<string>();
  /**
   * Sealed attributes by the attribute object they were made from, where a secret was encrypted (values are never
   * changed in place): the apply's journal seals each instance it records, and the final state file writes the same
   * objects — encrypted once.
   */
  readonly sealed = new WeakMap<Values, { address: string; names: ReadonlySet<string>; attributes: Values }>();
}

const instanceLocation = (address: string, attribute: string): string => `${address}\u0000${attribute}`;
const outputLocation = (name: string): string => `output\u0000${name}`;

function seal(value: Value, key: StateKey, location: string, memo: CipherMemo | undefined): Value {
  if (value === null) return null;
  if (typeof value === 'string' && memo?.unopened.has(value)) return value;
  const plain = JSON.stringify(value);
  const known = memo?.get(location);
  if (known && known.plain === plain) return known.cipher;
  const cipher = encryptJson(plain, key.key);
  memo?.set(location, { plain, cipher });
  return cipher;
}

function open(stored: unknown, key: StateKey, location: string, memo: CipherMemo | undefined, what: string, source: string): Value {
  if (stored === null) return null;
  const value = isCiphertext(stored) ? decryptValue(stored, key.key) : undefined;
  if (value === undefined) {
    const why = isCiphertext(stored) ? 'the ciphertext is damaged or was altered' : 'the value is not encrypted';
    throw stateError('STATE_DECRYPT_FAILED', `cannot decrypt ${what} in ${source}: ${why}`);
  }
  memo?.set(location, { plain: JSON.stringify(value), cipher: stored as string });
  return value;
}

/**
 * A secret left unopened: its GCM tag is checked all the same (the plaintext is dropped at once), so a damaged
 * ciphertext is refused by every command, read or not — never carried into a plan that passes or a new serial.
 * About 5 µs a value: 10,000 tokens add ~50 ms to reading the state (README, Performance).
 */
function keepSealed(stored: unknown, key: StateKey, memo: CipherMemo, what: string, source: string): Value {
  if (stored === null) return null;
  if (!isCiphertext(stored)) throw stateError('STATE_DECRYPT_FAILED', `cannot decrypt ${what} in ${source}: the value is not encrypted`);
  if (openBytes(stored, key.key) === undefined) throw stateError('STATE_DECRYPT_FAILED', `cannot decrypt ${what} in ${source}: the ciphertext is damaged or was altered`);
  memo.unopened.add(stored);
  return stored;
}

/** The address an object's secrets are named by in messages and located by in the memo: deposed objects apart. */
const objectAddress = (type: string, name: string, i: Pick<InstanceState, 'index_key' | 'deposed'>): string =>
  deposedLabel(formatAddress(type, name, i.index_key), i.deposed);

/**
 * An instance's attributes with its sensitive values encrypted: a copy where one changes, else the instance itself
 * (a pending create's null token, a ciphertext left unopened). Attributes are in the same order either way.
 */
export function sealInstance(type: string, address: string, instance: InstanceState, key: StateKey, memo?: CipherMemo): InstanceState {
  const names = sensitiveNames(type, instance);
  const done = memo?.sealed.get(instance.attributes);
  if (done && done.address === address && done.names === names) return { ...instance, attributes: done.attributes };
  const plain = instance.attributes;
  let attributes = plain;
  for (const name of names) {
    if (!Object.hasOwn(plain, name)) continue;
    const value = plain[name]!;
    const sealed = seal(value, key, instanceLocation(address, name), memo);
    if (sealed === value) continue;
    if (attributes === plain) attributes = { ...plain };
    attributes[name] = sealed;
  }
  if (attributes === plain) return instance;
  memo?.sealed.set(plain, { address, names, attributes });
  return { ...instance, attributes };
}

/**
 * The reverse of sealInstance; `source` names the file in error messages. With `sealed` (and a memo to note them
 * in), its secrets are left as the ciphertexts they are.
 */
export function openInstance(type: string, address: string, instance: InstanceState, key: StateKey, source: string, memo?: CipherMemo, sealed = false): InstanceState {
  const names = sensitiveNames(type, instance);
  // An instance with secrets beyond the schema's (rules from a sensitive variable) is always opened: planning and
  // refresh compare those values with the live key's, and a ciphertext would look like a change.
  if (sealed && memo && names === schemaNames(type)) {
    // Nothing to decrypt: the instance is kept as read, once its secrets are checked to be ciphertexts.
    for (const name of names) if (Object.hasOwn(instance.attributes, name)) keepSealed(instance.attributes[name], key, memo, `${address}.${name}`, source);
    return instance;
  }
  const attributes: Values = {};
  for (const [name, value] of Object.entries(instance.attributes)) {
    attributes[name] = names.has(name) ? open(value, key, instanceLocation(address, name), memo, `${address}.${name}`, source) : (value as Value);
  }
  return { ...instance, attributes };
}

export const sealOutput = (name: string, value: Value, key: StateKey, memo?: CipherMemo): Value => seal(value, key, outputLocation(name), memo);
export const openOutput = (name: string, stored: unknown, key: StateKey, source: string, memo?: CipherMemo): Value =>
  open(stored, key, outputLocation(name), memo, `output ${name}`, source);

/** The on-disk form of a (normalised) state. */
export function sealState(state: State, key: StateKey, memo?: CipherMemo): StateFile {
  return { ...sealSkeleton(state, key, memo), resources: state.resources.map((r) => sealResource(r, key, memo)) };
}

/** The on-disk form of a state without its resources (`resources: []`): sealed outputs and the key's id. */
export function sealSkeleton(state: State, key: StateKey, memo?: CipherMemo): StateFile {
  const outputs: StateFile['outputs'] = {};
  for (const [name, o] of Object.entries(state.outputs)) {
    outputs[name] = { value: o.sensitive ? sealOutput(name, o.value, key, memo) : o.value, type: o.type, ...(o.sensitive ? { sensitive: true } : {}) };
  }
  return { ...state, outputs, resources: [], keyform: { key_id: key.id } };
}

/** The on-disk form of one resource. */
export function sealResource(r: ResourceState, key: StateKey, memo?: CipherMemo): StateFile['resources'][number] {
  return { ...r, instances: r.instances.map((i) => sealInstance(r.type, objectAddress(r.type, r.name, i), i, key, memo)) };
}

/**
 * The in-memory state of a file read from `source`; refuses a file written with another key. `opens` says which
 * instances (by address, `type.name[key]`) have their secrets decrypted (default: all); the others keep their
 * ciphertexts, noted in `memo` (required for that) so that sealing writes them back unchanged. Outputs are always
 * decrypted.
 */
export function openState(file: StateFile, key: StateKey, source: string, memo?: CipherMemo, opens?: (address: string) => boolean): State {
  if (file.keyform.key_id !== key.id) {
    const from = key.source === 'env' ? 'KEYFORM_ENCRYPTION_KEY' : '.keyform/encryption.key';
    throw stateError(
      'STATE_KEY_MISMATCH',
      `${source} was encrypted with key id ${file.keyform.key_id}, but the key in use (from ${from}) has id ${key.id}: use the key this state was written with`,
    );
  }
  const outputs: State['outputs'] = {};
  for (const [name, o] of Object.entries(file.outputs)) {
    outputs[name] = { value: o.sensitive ? openOutput(name, o.value, key, source, memo) : (o.value as Value), type: o.type, ...(o.sensitive ? { sensitive: true } : {}) };
  }
  const resources = file.resources.map((r) => ({
    ...r,
    instances: r.instances.map((i) => {
      const sealed = opens !== undefined && memo !== undefined && !opens(formatAddress(r.type, r.name, i.index_key));
      return openInstance(r.type, objectAddress(r.type, r.name, i), i as InstanceState, key, source, memo, sealed);
    }),
  }));
  const { keyform: _keyform, ...rest } = file;
  return { ...rest, outputs, resources };
}
