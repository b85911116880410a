// How close an engine is to its limits, read from the host's side: the
// engine's cgroups (found through its init process, so any cgroup driver and
// either cgroup version works) and its disk. The learner cannot fake these.
import { readFile, statfs, writeFile } from 'node:fs/promises';
import type { EngineUsage } from './provider.js';

/** The engine's cgroup path per controller ('' for cgroup v2's unified one). */
async function cgroupPaths(pid: number): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const line of (await readFile(`/proc/${pid}/cgroup`, 'utf8')).split('\n')) {
    const [, controllers = '', path = ''] = line.split(':');
    for (const c of controllers.split(',')) paths.set(c.replace(/^name=/, ''), path);
  }
  return paths;
}

async function readNumber(file: string): Promise<number | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text === 'max' ? Infinity : Number(text);
  } catch {
    return null;
  }
}

/**
 * Whether the engine's memory reached its limit since the last look. v2
 * counts it (the `max` event); v1's counters stay at 0 when a nested cgroup
 * (a container) pushes the engine to its limit, so there the high-water mark
 * is compared with the limit and reset after each look (we are root on the host).
 */
async function memoryLimitHits(dir: string, v2: boolean): Promise<number> {
  try {
    if (v2) return Number(/^max (\d+)$/m.exec(await readFile(`${dir}/memory.events`, 'utf8'))?.[1] ?? 0);
    const [peak, limit] = await Promise.all([readNumber(`${dir}/memory.max_usage_in_bytes`), readNumber(`${dir}/memory.limit_in_bytes`)]);
    if (peak === null || limit === null || peak < limit - 4 * 1024 ** 2) return 0;
    await writeFile(`${dir}/memory.max_usage_in_bytes`, '0').catch(() => {});
    return 1;
  } catch {
    return 0;
  }
}

export async function readEngineUsage(pid: number, diskPath: string | null): Promise<EngineUsage> {
  const paths = await cgroupPaths(pid);
  const v2 = !paths.has('pids') && paths.has('');
  const pidsDir = v2 ? `/sys/fs/cgroup${paths.get('')}` : `/sys/fs/cgroup/pids${paths.get('pids') ?? ''}`;
  const memoryDir = v2 ? `/sys/fs/cgroup${paths.get('')}` : `/sys/fs/cgroup/memory${paths.get('memory') ?? ''}`;
  const [pids, pidsLimit, containerPids, containerPidsLimit, memoryHits, disk] = await Promise.all([
    readNumber(`${pidsDir}/pids.current`),
    readNumber(`${pidsDir}/pids.max`),
    // The engine's own cgroup for its containers (host/engine/dockyard-engine).
    readNumber(`${pidsDir}/containers/pids.current`),
    readNumber(`${pidsDir}/containers/pids.max`),
    memoryLimitHits(memoryDir, v2),
    diskPath ? statfs(diskPath).catch(() => null) : null,
  ]);
  return {
    pids: pids ?? 0,
    pidsLimit: pidsLimit ?? Infinity,
    containerPids: containerPids ?? 0,
    containerPidsLimit: containerPidsLimit ?? Infinity,
    memoryLimitHits: memoryHits,
    diskFreeBytes: disk ? disk.bavail * disk.bsize : null,
    diskBytes: disk ? disk.blocks * disk.bsize : null,
  };
}
