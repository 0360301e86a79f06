import { readdirSync, readFileSync } from 'node:fs';
import { runLoad } from './load';
import { cpuSecondsOf } from './rss';
import { BenchStack } from './stack';
import { buildTargets } from './targets';

/**
 * `node dist/bench/cpu-split.js [connections] [seconds] [via]`: where the machine's CPU goes per
 * served call, process by process, while one target (default `gateway`, plain, 0 ms upstream)
 * is under load. Every process on the machine is counted (Postgres backends, Redis, NATS, the
 * bench's own load generator included), grouped by what it is, in µs of CPU per 2xx response.
 */
async function main(): Promise<void> {
  const [conns = '32', seconds = '8', via = 'gateway'] = process.argv.slice(2);
  const stack = new BenchStack();
  try {
    const running = await stack.setup((name, code) => process.stderr.write(`${name} exited (${code})\n`));
    const target = buildTargets(running).find((t) => t.via === via && t.upstream === '0ms' && !t.stream)!;
    await runLoad(target, Number(conns), 1);
    const names = processNames(running);
    const before = snapshot();
    const out = await runLoad(target, Number(conns), Number(seconds));
    const after = snapshot();
    const rows = split(before, after, names).map(([group, sec]) => [group, (sec * 1e6) / out.ok] as const);
    const rps = Math.round(out.ok / out.durationSec);
    process.stdout.write(`${target.name} at ${conns} connections: ${rps} req/s, non-2xx ${out.non2xx}\n`);
    for (const [group, us] of rows) process.stdout.write(`${group.padEnd(22)} ${us.toFixed(0).padStart(6)} µs/call\n`);
    const total = rows.reduce((a, [, us]) => a + us, 0);
    process.stdout.write(`${'total'.padEnd(22)} ${total.toFixed(0).padStart(6)} µs/call\n`);
  } finally {
    await stack.teardown();
  }
}

/** The bench's own children by pid (gateway, billing, auth...), and this process as the load generator. */
function processNames(running: Awaited<ReturnType<BenchStack['setup']>>): Map<number, string> {
  const names = new Map<number, string>([[process.pid, 'bench (load generator)']]);
  names.set(running.gatewayPid, 'gateway');
  names.set(running.billingPid, 'billing');
  for (const [name, pid] of running.children.pids()) if (!names.has(pid)) names.set(pid, name);
  return names;
}

function snapshot(): Map<number, { comm: string; sec: number }> {
  const out = new Map<number, { comm: string; sec: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const sec = cpuSecondsOf(pid);
    if (sec === null) continue;
    out.set(pid, { comm: commOf(pid), sec });
  }
  return out;
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** `postgres: walwriter`, `postgres: autovacuum worker`, `postgres: backend` (a client connection's process). */
function postgresRole(pid: number): string {
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return 'postgres';
  }
  if (!cmd.startsWith('postgres: ')) return 'postgres';
  const role = cmd.slice('postgres: '.length);
  const known = ['walwriter', 'checkpointer', 'background writer', 'autovacuum', 'logical replication', 'walsender'];
  return `postgres: ${known.find((k) => role.startsWith(k)) ?? 'backend'}`;
}

function split(before: Map<number, { sec: number }>, after: Map<number, { comm: string; sec: number }>, names: Map<number, string>): [string, number][] {
  const groups = new Map<string, number>();
  for (const [pid, { comm, sec }] of after) {
    const used = sec - (before.get(pid)?.sec ?? 0);
    if (used <= 0) continue;
    const group = names.get(pid) ?? (comm.startsWith('postgres') ? postgresRole(pid) : comm);
    groups.set(group, (groups.get(group) ?? 0) + used);
  }
  return [...groups].sort((a, b) => b[1] - a[1]);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
