import type { ResolvedTarget } from '../catalog/catalog.service';

/**
 * The order in which to try a route's targets: by priority; within a priority a weighted
 * random order, so traffic splits by weight and the rest are that group's fallbacks. Targets
 * whose circuit is open go last, tried only when everything else failed.
 */
export function attemptOrder(targets: readonly ResolvedTarget[], healthy: (t: ResolvedTarget) => boolean, random = Math.random): readonly ResolvedTarget[] {
  if (targets.length === 1) return targets; // the common case: nothing to order
  const byPriority = new Map<number, ResolvedTarget[]>();
  for (const t of targets) {
    const group = byPriority.get(t.priority) ?? [];
    group.push(t);
    byPriority.set(t.priority, group);
  }
  const ordered: ResolvedTarget[] = [];
  const skipped: ResolvedTarget[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    for (const t of weightedShuffle(byPriority.get(priority)!, random)) (healthy(t) ? ordered : skipped).push(t);
  }
  return [...ordered, ...skipped];
}

function weightedShuffle(group: ResolvedTarget[], random: () => number): ResolvedTarget[] {
  const pool = [...group];
  const out: ResolvedTarget[] = [];
  while (pool.length) {
    const total = pool.reduce((n, t) => n + t.weight, 0);
    let pick = random() * total;
    let i = 0;
    while (i < pool.length - 1 && pick >= pool[i].weight) pick -= pool[i++].weight;
    out.push(pool.splice(i, 1)[0]);
  }
  return out;
}
