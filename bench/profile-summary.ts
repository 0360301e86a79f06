import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per package, so a
 * profile of the gateway under load reads in a terminal. Usage: node dist/bench/profile-summary.js <file> [top] [marker]
 * (marker: `function@file` whose first and last samples bound the load window; default the gateway's chat call,
 * `book@usage-booking` for billing's).
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes('/dist/')) return url.replace(/.*\/dist\//, '').replace(/\.js$/, '');
  return url ? url.replace(/^node:/, 'node:') : '(native)';
}

/**
 * The samples taken under load: from the first to the last sample in the marker function (by default ChatService.complete),
 * so that start-up (module loading) and shutdown do not dilute the figures.
 */
function loadWindow(profile: Profile, byId: Map<number, Node>, marker: string): [number, number] {
  const [fn, file] = marker.split('@');
  const inProxy = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    return frame.functionName === fn && frame.url.includes(file);
  };
  const first = profile.samples.findIndex(inProxy);
  let last = profile.samples.length - 1;
  while (last > first && !inProxy(profile.samples[last])) last--;
  return first < 0 ? [0, profile.samples.length - 1] : [first, last];
}

function main(): void {
  const [file, topArg, marker = 'complete@/gateway/src/calls/chat.service'] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const pkg = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const [from, to] = loadWindow(profile, byId, marker);
  let total = 0;
  profile.samples.forEach((id, i) => {
    if (i < from || i > to) return;
    const n = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const name = `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    const p = n.callFrame.url ? where(n.callFrame.url).split('/')[0] : n.callFrame.functionName;
    pkg.set(p, (pkg.get(p) ?? 0) + dt);
    // Inclusive time of our own functions (apps/, libs/): each counted once per sample, however deep the recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      const w = where(f.url);
      if (!/^(apps|libs)\//.test(w)) continue;
      const key = `${f.functionName || '(anonymous)'}  ${w}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const pct = (v: number) => ((100 * v) / total).toFixed(1).padStart(5) + ' %';
  const top = Number(topArg ?? 30);
  console.log(`total ${(total / 1000).toFixed(0)} ms sampled\n\nby package / area:`);
  for (const [k, v] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(v)}  ${k}`);
  console.log('\nby function (self time):');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
  console.log('\nour functions (apps/, libs/), inclusive time:');
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
}

main();
