// Regenerates test/config/functions/terraform-golden.json: asks `terraform console` (which must be on PATH) for
// the result of every case in functions-golden-cases.mjs, so keyform's functions are checked against Terraform
// itself. The test reads the committed file and never needs terraform.
//
//   node scripts/functions-golden.mjs            # all cases, 16 at a time
//
// Each case runs in its own temporary directory holding a configuration whose `local.u` is unknown during
// plan (`terraform console -plan`, no provider to install). A known result is read exactly through
// base64encode(jsonencode(…)); a result that is partly unknown is read from the console's own rendering.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES, U } from './functions-golden-cases.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test', 'config', 'functions', 'terraform-golden.json');
const CONFIG = `resource "terraform_data" "u" {
  input = "x"
}
locals {
  u = jsondecode(terraform_data.u.id)
}
`;
const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

const version = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env });
if (version.status !== 0) {
  process.stderr.write('functions-golden: terraform is not on PATH\n');
  process.exit(1);
}
const terraformVersion = JSON.parse(version.stdout).terraform_version;

const isUnknownMarker = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && v.__unknown__ === true;

function hclString(s) {
  let o = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0);
    if (ch === '\\') o += '\\\\';
    else if (ch === '"') o += '\\"';
    else if (ch === '\n') o += '\\n';
    else if (ch === '\r') o += '\\r';
    else if (ch === '\t') o += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) o += `\\u${code.toString(16).padStart(4, '0')}`;
    else o += ch;
  }
  return o.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{') + '"';
}

function toHcl(v) {
  if (isUnknownMarker(v)) return 'local.u';
  if (v === null) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(toHcl).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${hclString(k)} = ${toHcl(x)}`).join(', ')}}`;
}

function console1(expr) {
  return new Promise((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'keyform-golden-'));
    writeFileSync(join(dir, 'main.tf'), CONFIG);
    const child = spawn('terraform', ['console', '-plan'], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(`${expr}\n`);
  });
}

/** "Summary: detail" from the console's boxed error. */
function errorText(stderr) {
  const lines = stderr
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.replace(/^[│╷╵]\s?/, '').trimEnd())
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('on <console-input>') && l.trim() !== '(source code not available)');
  const start = lines.findIndex((l) => l.startsWith('Error: '));
  if (start < 0) return stderr.trim();
  const summary = lines[start].slice('Error: '.length);
  const detail = lines.slice(start + 1).map((l) => l.trim()).join(' ');
  return detail ? `${summary}: ${detail}` : summary;
}

/** Reads the console's rendering of a value (tolist([...]), { "k" = v }, (known after apply), …). */
function parseConsole(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && /[\s,]/.test(text[i])) i++;
  };
  const value = () => {
    ws();
    if (text.startsWith('(known after apply)', i)) {
      i += '(known after apply)'.length;
      return U;
    }
    const call = /^(tolist|toset|tomap|tostring|tonumber|tobool)\(/.exec(text.slice(i));
    if (call) {
      i += call[0].length;
      const v = value();
      ws();
      if (text[i] !== ')') throw new Error(`expected ) at ${i}: ${text}`);
      i++;
      return v;
    }
    if (text[i] === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const s = JSON.parse(text.slice(i, j + 1));
      i = j + 1;
      return s;
    }
    if (text[i] === '[') {
      i++;
      const items = [];
      for (;;) {
        ws();
        if (text[i] === ']') break;
        items.push(value());
      }
      i++;
      return items;
    }
    if (text[i] === '{') {
      i++;
      const obj = {};
      for (;;) {
        ws();
        if (text[i] === '}') break;
        const k = value();
        ws();
        if (text[i] !== '=') throw new Error(`expected = at ${i}: ${text}`);
        i++;
        Object.defineProperty(obj, k, { value: value(), enumerable: true, writable: true, configurable: true });
      }
      i++;
      return obj;
    }
    const m = /^(null|true|false|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/.exec(text.slice(i));
    if (!m) throw new Error(`cannot read the console output at ${i}: ${text}`);
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error(`trailing console output at ${i}: ${text}`);
  return v;
}

async function run(c) {
  const expr = c.hcl ?? `${c.fn}(${c.args.map(toHcl).join(', ')})`;
  const raw = await console1(expr);
  let expected;
  if (raw.status !== 0) expected = { error: errorText(raw.stderr) };
  else if (raw.stdout.includes('(known after apply)')) expected = { value: parseConsole(raw.stdout.trim()) };
  else {
    const exact = await console1(`base64encode(jsonencode(${expr}))`);
    // JSON cannot hold every value (an infinity): keep the console's text, which only a `differs` case may have
    if (exact.status !== 0) expected = { rendered: raw.stdout.trim() };
    else expected = { value: JSON.parse(Buffer.from(JSON.parse(exact.stdout.trim()), 'base64').toString('utf8')) };
  }
  return { fn: c.fn, args: c.args, expr, expected, ...(c.differs ? { differs: c.differs, ours: c.ours } : {}) };
}

async function pool(items, size, f) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await f(items[i]);
      }
    }),
  );
  return results;
}

/** Every function this Terraform has (without the core:: aliases), with its parameter names. */
function terraformFunctions() {
  const meta = spawnSync('terraform', ['metadata', 'functions', '-json'], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  if (meta.status !== 0) throw new Error(`terraform metadata functions: ${meta.stderr}`);
  const out = {};
  for (const [name, f] of Object.entries(JSON.parse(meta.stdout).function_signatures).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (name.includes('::')) continue;
    out[name] = { params: (f.parameters ?? []).map((p) => p.name), ...(f.variadic_parameter ? { variadic: f.variadic_parameter.name } : {}) };
  }
  return out;
}

const functions = terraformFunctions();
const cases = await pool(CASES, 16, run);
writeFileSync(out, `${JSON.stringify({ terraform: terraformVersion, generatedBy: 'scripts/functions-golden.mjs', functions, cases }, null, 1)}\n`);
process.stdout.write(`functions-golden: ${cases.length} cases from terraform ${terraformVersion} → ${out}\n`);
