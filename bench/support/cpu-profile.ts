/**
 * Reading a V8 `.cpuprofile` (from `node --cpu-prof`): where a child's time went, by function (self and total
 * time) and by source file (self time), as shares of the profile's wall time. A function in a file with a source
 * map beside it (the bundle's chunks in dist/cli/, the compiled dist/src/X.js) is named by its place in the original
 * source: src/X.ts, or node_modules/... for the packages the bundle holds.
 */
import { readFileSync } from 'node:fs';
import { SourceMaps } from '../../src/source-maps.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Hotspot {
  /** `function (file:line)`, the file relative to the project. */
  where: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  wallMs: number;
  /** V8's pseudo-frames: (idle) is time waiting (I/O), (garbage collector), (program) native work. */
  idleShare: number;
  gcShare: number;
  selfByFunction: Hotspot[];
  totalByFunction: Hotspot[];
  selfByFile: Hotspot[];
}

/** Maps a profile's call frames to their original sources (src/source-maps.ts). */
function sourceMapper(): (frame: CallFrame) => CallFrame {
  const maps = new SourceMaps();
  return (frame) => {
    const original = maps.original(frame.url, frame.lineNumber, frame.columnNumber);
    return original === undefined ? frame : { ...frame, url: original.url, lineNumber: original.line, columnNumber: original.column };
  };
}

export function summarizeProfile(file: string, root: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const original = sourceMapper();
  for (const n of profile.nodes) n.callFrame = original(n.callFrame);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fileOf = (url: string) => {
    if (url === '') return '(native)';
    const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
    return path.startsWith(root) ? path.slice(root.length) : path;
  };
  const keyOf = (n: ProfileNode) => {
    const f = n.callFrame;
    if (f.url === '') return f.functionName || '(anonymous)';
    return `${f.functionName || '(anonymous)'} (${fileOf(f.url)}:${f.lineNumber + 1})`;
  };

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // The delta before the next sample is the time this sample stands for.
    const us = timeDeltas[i + 1] ?? 0;
    if (us <= 0) continue;
    const leaf = byId.get(samples[i]!);
    if (!leaf) continue;
    add(self, keyOf(leaf), us);
    add(selfFile, leaf.callFrame.url === '' ? leaf.callFrame.functionName || '(native)' : fileOf(leaf.callFrame.url), us);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      if (node.callFrame.functionName === '(root)') continue;
      const k = keyOf(node);
      if (seen.has(k)) continue;
      seen.add(k);
      add(total, k, us);
    }
  }
  const wallUs = profile.endTime - profile.startTime;
  // The total-time list keeps the project's own functions: Node's internals (the task queues, the module loader)
  // are on every stack and say nothing about where keyform spends its time.
  const ownCode = (k: string) => !k.startsWith('(') && k.includes(' (') && !k.includes(' (node:') && !k.includes('node_modules/');
  const list = (m: Map<string, number>, onlyOwn: boolean) =>
    [...m.entries()]
      .filter(([k]) => !onlyOwn || ownCode(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, us]) => ({ where, ms: us / 1000, share: us / wallUs }));
  return {
    wallMs: wallUs / 1000,
    idleShare: (self.get('(idle)') ?? 0) / wallUs,
    gcShare: (self.get('(garbage collector)') ?? 0) / wallUs,
    selfByFunction: list(self, false),
    totalByFunction: list(total, true),
    selfByFile: list(selfFile, false),
  };
}
