/**
 * Dependencies run one way: each folder sits on a floor, and a file imports only from its own
 * floor or a lower one, never in a circle. docs/ARCHITECTURE.md ("Floors") says why each folder
 * sits where it does. Type-only imports count: a type that points upward is a dependency upward.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** Lowest first. A folder not listed is a test failure: every new folder gets a floor. */
const floors: readonly (readonly string[])[] = [
  // 0. The system's declaration: plain data, imports nothing of ours.
  ['shared/topology'],
  // 1. The domain: rules and values, no I/O.
  ['shared/domain'],
  // 2. Ports: the interfaces the use cases need from the outside world.
  ['shared/ports'],
  // 3. Use cases: the domain driven through the ports.
  ['shared/use-cases'],
  // 4. Adapters and the web edge: AWS behind the ports, HTTP and HTML, Lambda middleware,
  //    configuration, logging, seed data, the PDF writer.
  ['shared/adapters', 'shared/http', 'shared/web', 'shared/pdf', 'shared/lambda', 'shared/config', 'shared/observability', 'shared/seed'],
  // 5. Wiring: the adapters put together for a function from its topology entry (the one place
  //    that knows both the adapters and the use cases' decorators).
  ['shared/wiring'],
  // 6. Handlers: one thin file per Lambda function.
  ['functions'],
  // 7. What runs or measures the system from outside: the CDK app and the local stack, the
  //    benchmarks, the simulation, the scripts, the tests.
  ['infra', 'bench', 'sim', 'scripts', 'test'],
];

const scanned = ['shared', 'functions', 'infra', 'bench', 'sim', 'scripts', 'test'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function floorOf(file: string): number {
  const floor = floors.findIndex((folders) => folders.some((folder) => file === folder || file.startsWith(`${folder}/`)));
  if (floor < 0) throw new Error(`${file} is in no floor; give its folder one in import-graph.test.ts`);
  return floor;
}

/** Our file an import names, or undefined for a package (`zod`, `node:fs`). */
function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  let base: string;
  if (specifier.startsWith('#shared/')) base = `shared/${specifier.slice('#shared/'.length)}`;
  else if (specifier.startsWith('#infra/')) base = `infra/${specifier.slice('#infra/'.length)}`;
  else if (specifier.startsWith('.')) base = relative(root, resolve(root, dirname(from), specifier));
  else return undefined;
  base = base.replace(/\.(js|ts)$/, '');
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) if (files.has(candidate)) return candidate;
  throw new Error(`${from} imports ${specifier}, which names no file`);
}

function importGraph(): Map<string, string[]> {
  const files = scanned.flatMap(sourceFiles).map((f) => f.split('\\').join('/'));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const targets = importedFiles.map((i) => resolveImport(file, i.fileName, known)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every circle, each as the files around it (first file repeated at the end). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

describe('the import graph', () => {
  const graph = importGraph();
  const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));

  it('reads every source file and its imports', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('functions/admin-credits.ts')?.length).toBeGreaterThan(2);
  });

  it('has no circle', () => {
    expect(cycles(graph).map((circle) => circle.join(' -> '))).toEqual([]);
  });

  it('has no import from a lower floor to a higher one', () => {
    const upward = edges.filter(({ from, to }) => floorOf(to) > floorOf(from)).map(({ from, to }) => `${from} -> ${to}`);
    expect(upward).toEqual([]);
  });

  it('keeps infra/ out of the runtime: shared/ and functions/ never import it', () => {
    const intoInfra = edges
      .filter(({ from, to }) => !from.startsWith('infra/') && to.startsWith('infra/'))
      .filter(({ from }) => from.startsWith('shared/') || from.startsWith('functions/'))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(intoInfra).toEqual([]);
  });

  it('keeps the driven adapters (shared/adapters) to the ports they implement: they import only topology, domain and ports', () => {
    const allowed = ['shared/adapters/', 'shared/ports/', 'shared/domain/', 'shared/topology/', 'shared/observability/'];
    const beyond = edges
      .filter(({ from, to }) => from.startsWith('shared/adapters/') && !allowed.some((folder) => to.startsWith(folder)))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(beyond).toEqual([]);
  });

  it('finds a circle and names its files (the check itself can fail)', () => {
    const circle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(cycles(circle)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
