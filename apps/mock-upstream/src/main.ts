import { startMockUpstream } from './mock-upstream';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** A non-negative number of milliseconds; fractions allowed (33.333 for 30 chunks a second). */
function msFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

const flag = (name: string): boolean => process.env[name] === '1' || process.env[name] === 'true';

async function main(): Promise<void> {
  const mock = await startMockUpstream({
    port: intFromEnv('MOCK_PORT', 8090),
    host: process.env.MOCK_HOST || '127.0.0.1',
    backlog: process.env.MOCK_BACKLOG ? intFromEnv('MOCK_BACKLOG', 511) : undefined,
    delayMs: intFromEnv('MOCK_DELAY_MS', 0),
    chunkDelayMs: msFromEnv('MOCK_CHUNK_DELAY_MS', 0),
    fixedRate: flag('MOCK_FIXED_RATE'),
    streamChunks: intFromEnv('MOCK_STREAM_CHUNKS', 0),
    stampChunks: flag('MOCK_STAMP_CHUNKS'),
    apiKey: process.env.MOCK_API_KEY || undefined,
  });
  process.stdout.write(JSON.stringify({ level: 'log', context: 'mock-upstream', message: `mock upstream on ${mock.url}`, url: mock.url }) + '\n');
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    mock.close().then(
      () => {
        process.stdout.write(JSON.stringify({ level: 'log', context: 'mock-upstream', message: `stopped on ${signal}` }) + '\n');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`mock-upstream failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
