import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad } from './load';
import { BenchStack } from './stack';
import { buildTargets } from './targets';

/**
 * `node dist/bench/profile.js [connections] [seconds] [stream] [bypass]`: the gateway (or with
 * `bypass`, the bench's gateway-bypass: no admission, no metering) under load with V8's CPU
 * profiler on, for finding what the hot path spends its time on. Writes the profile
 * to bench/profiles/ and prints where to look; summarise it with dist/bench/profile-summary.js.
 */
async function main(): Promise<void> {
  const [conns = '32', seconds = '8', ...flags] = process.argv.slice(2);
  const stream = flags.includes('stream');
  const via = flags.includes('bypass') ? 'gateway-bypass' : 'gateway';
  const dir = join(__dirname, '..', '..', 'bench', 'profiles');
  mkdirSync(dir, { recursive: true });
  // Node options already set for that gateway (e.g. a heap flag being compared) are kept.
  const argsVar = via === 'gateway' ? 'BENCH_GATEWAY_NODE_ARGS' : 'BENCH_BYPASS_NODE_ARGS';
  process.env[argsVar] = `${process.env[argsVar] ?? ''} --cpu-prof --cpu-prof-dir=${dir}`.trim();
  const stack = new BenchStack();
  try {
    const running = await stack.setup((name, code) => process.stderr.write(`${name} exited (${code})\n`));
    const target = buildTargets(running).find((t) => t.via === via && t.upstream === '0ms' && t.stream === stream)!;
    await runLoad(target, Number(conns), 1);
    const out = await runLoad(target, Number(conns), Number(seconds));
    process.stdout.write(
      `${target.name} at ${conns} connections: ${Math.round(out.ok / out.durationSec)} req/s, p50 ${out.p50.toFixed(2)} ms, p99 ${out.p99.toFixed(2)} ms, non-2xx ${out.non2xx}\n`,
    );
  } finally {
    await stack.teardown();
  }
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  process.stdout.write(`profile: bench/profiles/${newest}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
