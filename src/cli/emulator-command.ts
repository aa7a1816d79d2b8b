/** `keyform emulator`: the local Cycloid API server, until SIGTERM or SIGINT. */
import { ConfigError, startEmulator } from '../emulator/index.js';
import { parseCommandArgs } from './options.js';
import { UsageError } from './usage-error.js';

export const emulatorHelp = `Usage: keyform emulator [options]

Runs a local Cycloid API server (API keys, roles, policies, can_do) until SIGTERM or SIGINT.
When it is ready it prints one JSON line on stdout:
  {"event":"ready","url":"http://127.0.0.1:PORT","organization":"acme","admin_token_file":"DIR/admin-token"}
The admin key's token is in that file (mode 0600); it is never printed.

Options:
  --host HOST         address to listen on (default 127.0.0.1)
  --port PORT         port; 0 picks a free one (default 8080)
  --data-dir DIR      keep data in DIR/emulator.db across restarts (default: in memory)
  --org CANONICAL     the organization to seed, or the primary one of --config (default acme)
  --config FILE       JSON configuration (schemas/emulator-config.schema.json): organizations, users,
                      roles, entities, policy codes, seeded keys and faults
  --durability MODE   'process' (a 2xx write survives kill -9; default) or 'power' (fsync every commit)
  --quiet             no request log on stderr
`;

export async function emulatorCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    'emulator',
    argv,
    {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      'data-dir': { type: 'string' },
      org: { type: 'string' },
      config: { type: 'string' },
      durability: { type: 'string', default: 'process' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    } as const,
    false,
  );
  if (values.help) {
    process.stdout.write(emulatorHelp);
    return 0;
  }
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port!) || port > 65535) throw new UsageError(`--port: '${values.port}' is not a port number (0-65535)`);
  if (values.durability !== 'process' && values.durability !== 'power') {
    throw new UsageError(`--durability: '${values.durability}' is not 'process' or 'power'`);
  }
  let emulator;
  try {
    emulator = await startEmulator({
      host: values.host!,
      port,
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
      ...(values.org !== undefined ? { organization: values.org } : {}),
      ...(values.config !== undefined ? { config: values.config } : {}),
      durability: values.durability,
      recordTokens: false,
      ...(values.quiet ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }),
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`cannot listen on ${values.host}:${port}: the port is in use (use --port 0 for a free one)`);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${values.host}:${port}: ${code}`);
    throw err;
  }
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', url: emulator.url, organization: emulator.organization, admin_token_file: emulator.adminTokenFile })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await emulator.close();
  return 0;
}
