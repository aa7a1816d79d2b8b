// Generates the CDKTF TypeScript bindings of the cycloid provider from schemas/provider-schema.json, the single
// source of truth, with @cdktf/provider-generator: no terraform binary, no network, no telemetry.
//
//   npm run generate:bindings                          writes bindings/cycloid/ (committed)
//   node scripts/generate-bindings.mjs --out DIR       writes DIR instead (the up-to-date test uses this)
//
// Loading @cdktf/provider-generator loads @cdktf/commons, which starts `terraform version -json` as a side effect
// of being imported (src/terraform.js) and reports errors to HashiCorp's checkpoint service unless
// CHECKPOINT_DISABLE is set. So, before anything of theirs is loaded, this script:
//   - sets CHECKPOINT_DISABLE=1 and points CDKTF_HOME at a temporary directory (removed at the end);
//   - puts a stand-in for @cdktf/commons/src/terraform.js in Node's module cache, so that file never runs;
//   - makes every way of starting a process or opening a connection throw, so anything else that tried would
//     fail the generation loudly instead of happening quietly.
// The package's entry point (lib/index.js) also loads jsii code generators it does not declare, so the generator
// class is taken from its own module file.
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA = join(root, 'schemas', 'provider-schema.json');
const PROVIDER = 'cycloid';

const { values } = parseArgs({ options: { out: { type: 'string' }, quiet: { type: 'boolean', default: false } } });
const outDir = resolve(values.out ?? join(root, 'bindings', PROVIDER));

const started = performance.now();
const refused = [];
const home = mkdtempSync(join(tmpdir(), 'keyform-cdktf-home-'));
process.env.CHECKPOINT_DISABLE = '1';
process.env.CDKTF_HOME = home;
process.env.CDKTF_LOG_LEVEL = 'OFF';
delete process.env.CDKTF_LOG_FILE_DIRECTORY;

try {
  forbidProcessesAndConnections();
  const require = createRequire(join(root, 'package.json'));
  const generatorDir = dirname(require.resolve('@cdktf/provider-generator/package.json'));
  const fromGenerator = createRequire(join(generatorDir, 'package.json'));
  stubTerraformVersionProbe(fromGenerator);

  const { TerraformProviderGenerator } = fromGenerator('./lib/get/generator/provider-generator.js');
  const { CodeMaker } = fromGenerator('codemaker');
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));

  const code = new CodeMaker();
  new TerraformProviderGenerator(code, schema).generateAll();
  const staging = mkdtempSync(join(tmpdir(), 'keyform-cdktf-gen-'));
  try {
    await code.save(staging);
    if (refused.length > 0) throw new Error(`generate-bindings: refused during generation: ${refused.join('; ')}`);
    // The generator lays files out as `cdktf get` does (providers/<name>/...); the bindings are that folder.
    const generated = join(staging, 'providers', PROVIDER);
    rmSync(outDir, { recursive: true, force: true });
    const files = copyTree(generated, outDir);
    if (!values.quiet) {
      const ms = Math.round(performance.now() - started);
      process.stdout.write(`Generated ${files.length} files into ${relative(process.cwd(), outDir) || '.'} from ${relative(process.cwd(), SCHEMA)} in ${ms} ms\n`);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

/** @cdktf/commons/src/terraform.js runs `terraform version -json` when loaded; give the cache a module in its place. */
function stubTerraformVersionProbe(fromGenerator) {
  const commonsDir = dirname(fromGenerator.resolve('@cdktf/commons/package.json'));
  const path = join(commonsDir, 'src', 'terraform.js');
  const stand = new Module(path);
  stand.filename = path;
  stand.loaded = true;
  stand.exports = { terraformBinaryName: 'terraform', terraformVersion: Promise.resolve(undefined) };
  Module._cache[path] = stand;
}

/**
 * Generation is pure code: starting a process or opening a socket from here on is a bug to hear about. Each attempt
 * throws where it is made and is also recorded, since the caller may swallow the error (commons' own probe would).
 */
function forbidProcessesAndConnections() {
  const require = createRequire(import.meta.url);
  const refuse = (what) => () => {
    refused.push(what);
    throw new Error(`generate-bindings: something tried to ${what} during generation; refused (no terraform, no network)`);
  };
  const childProcess = require('node:child_process');
  for (const fn of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) childProcess[fn] = refuse(`start a process (child_process.${fn})`);
  for (const mod of ['node:http', 'node:https']) {
    const m = require(mod);
    m.request = refuse(`open a connection (${mod}.request)`);
    m.get = refuse(`open a connection (${mod}.get)`);
  }
  const net = require('node:net');
  net.connect = refuse('open a connection (net.connect)');
  net.createConnection = refuse('open a connection (net.createConnection)');
}

function copyTree(from, to) {
  const files = [];
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) files.push(...copyTree(src, dst));
    else {
      writeFileSync(dst, readFileSync(src));
      files.push(dst);
    }
  }
  return files;
}
