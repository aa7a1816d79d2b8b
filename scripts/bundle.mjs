// Bundles keyform's command line (src/cli/main.ts and everything it loads, undici and ajv included) into one ES module,
// dist/keyform.mjs, which bin/keyform runs. Node.js 20 loads one file much faster than ~180 modules one by one: a
// validate of 1,000 keys spent ~120 ms less CPU. The whole file is compiled even for `keyform version`, which costs
// ~30 ms more than loading its few modules did. Run by `npm run build`, after tsc (type-checks, builds the tests).
//
// Commands stay lazily loaded: esbuild turns each `import('./commands/x.js')` into a call that runs that part of
// the file when the command is used. better-sqlite3 (a native addon, used by the emulator only) stays outside: it
// is required at run time from the bundle's folder, through the `require` defined at its top.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const REQUIRE_HERE = 'const require = createRequire(import.meta.url);';

// esbuild bundles what a plain require() loads, but not what a require made by createRequire loads (esbuild issue
// #1828). keyform's sources make one where they load CommonJS on demand; dropping that line hands those calls to
// esbuild, which bundles their modules and still runs each only when first required.
const bundleCreateRequire = {
  name: 'bundle-create-require',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('createRequire(')) return undefined;
      if (!text.includes(REQUIRE_HERE)) throw new Error(`${path}: createRequire is used other than as \`${REQUIRE_HERE}\``);
      return { contents: text.replace(REQUIRE_HERE, ''), loader: 'ts' };
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/keyform.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['better-sqlite3'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // A separate file that Node reads only when run with --enable-source-maps: it costs nothing at startup.
  sourcemap: 'linked',
  plugins: [bundleCreateRequire],
  logLevel: 'warning',
});
