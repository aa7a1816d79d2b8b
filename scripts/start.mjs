// npm start: the keyform demo on the embedded emulator. Starts a local Cycloid API with its data in
// .keyform/emulator, then runs keyform init, validate, plan, apply and drift on examples/quickstart.
// Run it again: the keys are there, so the plan shows no changes and drift finds none.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const { startEmulator } = await import(new URL('../dist/src/emulator/index.js', import.meta.url).href);
// The command line as bin/keyform runs it: the bundle (scripts/bundle.mjs).
const { run } = await import(new URL('../dist/cli/main.js', import.meta.url).href);

const dataDir = join(root, '.keyform', 'emulator');
const example = join(root, 'examples', 'quickstart');
mkdirSync(dataDir, { recursive: true });
const emulator = await startEmulator({ dataDir, organization: 'acme' });
process.env.CY_API_URL = emulator.url;
process.env.CY_API_KEY = emulator.adminToken;
process.env.CY_ORG = emulator.organization;

const bold = process.stdout.isTTY && !process.env.NO_COLOR;
const say = (text) => process.stdout.write(bold ? `\n\x1b[1m${text}\x1b[0m\n` : `\n${text}\n`);
say(`Local Cycloid API (the keyform emulator) at ${emulator.url}, organization '${emulator.organization}', data in ${relative(root, dataDir)}/`);

const steps = [
  ['init', ['--chdir', example]],
  ['validate', ['--chdir', example]],
  ['plan', ['--chdir', example]],
  ['apply', ['--chdir', example, '--auto-approve']],
  ['drift', ['--chdir', example, '--unmanaged']],
];
let code = 0;
try {
  for (const [command, args] of steps) {
    say(`$ keyform ${command} ${args.map((a) => (a === example ? relative(root, example) : a)).join(' ')}`);
    const status = await run([command, ...args]);
    // drift exits 2 when it finds keys nobody manages (the emulator's own admin key is one): that is its report.
    if (status !== 0 && !(command === 'drift' && status === 2)) {
      code = status;
      break;
    }
  }
} finally {
  await emulator.close();
}
if (code === 0) {
  say('Done. Run `npm start` again: the plan shows no changes. Things to try next:');
  process.stdout.write(
    [
      `  - edit ${relative(root, example)}/main.tf.json (a rule: the key is replaced, and the plan says why and what it grants)`,
      `  - bin/keyform output --chdir ${relative(root, example)} --raw ci_deploy_token   (the only way a token is printed)`,
      '  - bin/keyform emulator --data-dir .keyform/emulator --port 8080   (keep the API running, then export CY_API_URL/CY_API_KEY)',
      '',
    ].join('\n'),
  );
}
process.exitCode = code;
