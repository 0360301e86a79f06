import { readFileSync } from 'node:fs';
import { idleRssKb } from './rss';
import { smokeCheck } from './smoke';
import { BenchStack } from './stack';
import { buildTargets } from './targets';

/**
 * `node dist/bench/idle-rss.js [runs] [--maps]`: the gateway's idle RSS as `npm run bench` measures it (the
 * lowest over 8 s after the smoke calls), in a fresh stack each run, for comparing a memory change
 * without the whole bench.
 */
async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 1);
  for (let i = 0; i < runs; i++) {
    const stack = new BenchStack();
    try {
      const running = await stack.setup((name, code) => process.stderr.write(`${name} exited (${code})\n`));
      await smokeCheck(buildTargets(running).filter((t) => t.via === 'gateway'));
      const kb = await idleRssKb(running.gatewayPid, 8_000);
      if (kb !== null) process.stdout.write(`idle RSS: ${(kb / 1024).toFixed(1)} MiB (${((kb * 1024) / 1e6).toFixed(1)} MB)\n`);
      if (process.argv.includes('--maps')) process.stdout.write(mapsSummary(running.gatewayPid));
    } finally {
      await stack.teardown();
    }
  }
}

/** Resident KiB by mapping (the node binary, each shared library, anonymous memory), largest first. */
function mapsSummary(pid: number): string {
  const byName = new Map<string, number>();
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) name = head[1] || '[anon]';
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) byName.set(name, (byName.get(name) ?? 0) + Number(rss[1]));
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([n, k]) => `  ${(k / 1024).toFixed(1).padStart(6)} MiB  ${n}\n`)
    .join('');
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
