import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The layout stays honest: imports between the gateway's folders run one way. Every import of
 * apps/gateway/src/**\/*.ts (specs aside) is read, each folder is one node (a file at the root is
 * its own node), and the folder-to-folder graph must have no cycle.
 */
const SRC = __dirname;
/** Prisma's generated client imports only itself. */
const SKIP = new Set(['generated']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) && dir === SRC ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `import … from`, `export … from`, `import '…'`, `import('…')`, `require('…')`: every relative specifier. */
export function importsOf(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;
  return [...source.matchAll(pattern)].map((match) => match[1]);
}

/** The node a file belongs to: its top folder under src, or the file itself at the root. */
function nodeOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? `${parts[0]}/` : parts[0].replace(/\.ts$/, '');
}

export type Graph = Map<string, Map<string, string>>;

/** Folder → folder it imports → one import that makes the edge (for the failure message). */
export function folderGraph(files: string[], read: (file: string) => string): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const from = nodeOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const spec of importsOf(read(file))) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + sep)) continue;
      const to = nodeOf(target.endsWith('.ts') ? target : `${target}.ts`);
      if (to !== from && !edges.has(to)) edges.set(to, `${relative(SRC, file)} → ${spec}`);
    }
  }
  return graph;
}

/** One cycle as its path (first node repeated at the end), or null. */
export function findCycle(graph: Graph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

function describe_(cycle: string[], graph: Graph): string {
  const steps = cycle.slice(0, -1).map((from, i) => `  ${from} → ${cycle[i + 1]}   (${graph.get(from)?.get(cycle[i + 1])})`);
  return `folder import cycle:\n${steps.join('\n')}`;
}

describe('gateway layout', () => {
  const files = sourceFiles(SRC);
  const graph = folderGraph(files, (file) => readFileSync(file, 'utf8'));

  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(
      importsOf(`import { A } from './a';\nimport type {\n  B,\n} from "../b/b";\nexport * from './c';\nimport './d';\nconst e = await import('../e');`),
    ).toEqual(['./a', '../b/b', './c', './d', '../e']);
  });

  it('has imports between folders running one way (no folder-level cycle)', () => {
    const cycle = findCycle(graph);
    if (cycle) throw new Error(describe_(cycle, graph));
  });

  it('finds a cycle when there is one', () => {
    const tangled: Graph = new Map([
      ['a/', new Map([['b/', 'a/x.ts → ../b/y']])],
      ['b/', new Map([['c/', 'b/y.ts → ../c/z']])],
      ['c/', new Map([['a/', 'c/z.ts → ../a/x']])],
    ]);
    expect(findCycle(tangled)).toEqual(['a/', 'b/', 'c/', 'a/']);
    expect(
      findCycle(
        new Map([
          ['a/', new Map([['b/', '']])],
          ['b/', new Map()],
        ]),
      ),
    ).toBeNull();
  });
});
