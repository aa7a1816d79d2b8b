// Bundles keyform's command line (src/cli/main.ts and everything it loads, undici and ajv included) into dist/cli/:
// the entry main.js, which bin/keyform runs, a chunk per command, and a few chunks of the code commands share.
// Node.js 20 loads a few files much faster than ~180 modules one by one: a validate of 1,000 keys spent ~120 ms less
// CPU. Split rather than one file: one 1.6 MB file is compiled whole by every process, `keyform version` included
// (137 ms against 86 ms split, node -e '' 77 ms), while an apply costs the same either way (1,070 vs 1,100 ms CPU,
// medians of 7, within the noise). Run by `npm run build`, after tsc (type-checks, builds the tests).
//
// Commands stay lazily loaded: esbuild turns each `import('./commands/x.js')` into an import of that command's
// chunk. better-sqlite3 (a native addon, used by the emulator only) stays outside: it is required at run time from
// the bundle's folder, through the `require` defined at the top of each chunk.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
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

// Chunk names carry a hash of their content: the chunks of an earlier build would pile up beside the new ones.
await rm(`${root}dist/cli`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/cli',
  // Each command is its own chunk (esbuild turns `import('./commands/x.js')` into an import of that chunk), with
  // the code commands share in a few common chunks: `keyform version` compiles a few kB, not the whole 1.6 MB.
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
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
