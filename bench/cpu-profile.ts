/**
 * Reading a V8 CPU profile (`node --cpu-prof`): where the time went between two instants, as self
 * time per function, and per package and piece of work with Node's own internals (sockets, HTTP,
 * crypto) charged to the code that called them.
 */

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
/** The .cpuprofile file: a call tree, and which node was running at each sample. */
export type CpuProfile = {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

/**
 * A piece of work to cost: the samples charged to a matching frame. Not the whole stack below it:
 * Fastify's hooks call the next one, and the reply's writing, from inside the previous hook.
 */
export type Work = { label: string; match(frame: CallFrame): boolean };

export type Summary = {
  /** Microseconds sampled in the window, and how many of them the process was idle. */
  sampledUs: number;
  idleUs: number;
  /** Self time by package, Node's internals charged to their caller's package. */
  byPackage: { name: string; us: number }[];
  /** Self time by function, as sampled. */
  byFunction: { name: string; where: string; us: number }[];
  work: { label: string; us: number }[];
};

/** Where a frame's code comes from: its npm package, Comptoir's own code, or Node and V8. */
export function packageOf(frame: CallFrame): string {
  const url = frame.url;
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const [scope, name] = url.slice(inModules + 'node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  if (url.includes('/src/')) return 'comptoir (src/)';
  if (url.includes('/bench/')) return 'bench/';
  // Node's internals called from no JavaScript of ours (the event loop's callbacks) are charged to the root.
  if (frame.functionName === '(root)') return 'node (event loop)';
  if (url.startsWith('node:') || url === '')
    return frame.functionName.startsWith('(') ? frame.functionName : 'node';
  return url;
}

/** Node's JavaScript (`node:…`) and native functions (no file); not V8's pseudo-frames like (garbage collector). */
const isNodeInternal = (frame: CallFrame) =>
  frame.url.startsWith('node:') || (frame.url === '' && !frame.functionName.startsWith('('));

const where = (frame: CallFrame) => {
  const file = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/');
  return file ? `${file}:${frame.lineNumber + 1}` : '';
};

/**
 * Sums the samples taken between `from` and `to` (microseconds of the monotonic clock, which V8
 * stamps its samples with, as `process.hrtime` reads it in any process of the machine).
 */
export function summarise(profile: CpuProfile, window: { from: number; to: number }, work: Work[]): Summary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  // The frame each node's time is charged to: its own, or for Node's internals its nearest caller's.
  const chargedTo = new Map<number, CallFrame>();
  const visit = (node: ProfileNode, caller: CallFrame | undefined) => {
    const frame = caller && isNodeInternal(node.callFrame) ? caller : node.callFrame;
    chargedTo.set(node.id, frame);
    for (const child of node.children ?? []) visit(nodes.get(child)!, frame);
  };
  visit(profile.nodes[0]!, undefined);

  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i]!;
    if (at < window.from || at > window.to) return;
    // A sample's delta is the time since the previous one: it belongs to the previous sample's
    // node, but at one sample per ~millisecond the difference is noise.
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });

  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  const frames = new Map<string, CallFrame>();
  const works = new Map<string, number>(work.map((w) => [w.label, 0]));
  let sampledUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!.callFrame;
    sampledUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const charged = chargedTo.get(id)!;
    add(packages, packageOf(charged), us);
    for (const w of work) if (w.match(charged)) add(works, w.label, us);
    const key = `${frame.functionName || '(anonymous)'} ${where(frame)}`;
    frames.set(key, frame);
    add(functions, key, us);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return {
    sampledUs,
    idleUs,
    byPackage: sorted(packages).map(([name, us]) => ({ name, us })),
    byFunction: sorted(functions).map(([key, us]) => {
      const frame = frames.get(key)!;
      return { name: frame.functionName || '(anonymous)', where: where(frame), us };
    }),
    work: sorted(works).map(([label, us]) => ({ label, us })),
  };
}
