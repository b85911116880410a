// What the learner should be told about their engine right now: a limit it
// has reached, or the registry being down. Worded for the learner, with the
// way out, because these are the moments a playground otherwise just hangs.
import type { EngineUsage } from './engines/provider.js';
import type { SessionNotice } from './protocol.js';

/** How long reaching the memory limit stays on the learner's screen. */
const OOM_NOTICE_MS = 2 * 60_000;
/** A cgroup at its cap sits a process or two below it between forks. */
const PIDS_SLACK = 2;

export class SessionNotices {
  private readonly oom = new Map<string, { hits: number; at: number }>();

  constructor(
    private readonly memoryBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  for(session: string, usage: EngineUsage | null, registryUp: boolean): SessionNotice[] {
    const notices: SessionNotice[] = [];
    if (!registryUp) {
      notices.push({
        kind: 'registry_down',
        message:
          'The image registry is not answering, so pulling an image you do not have yet fails until it is back. Images you already have still work.',
      });
    }
    if (!usage) return notices;
    if (usage.containerPids >= usage.containerPidsLimit - PIDS_SLACK) {
      notices.push({
        kind: 'process_limit',
        message: `Your containers have reached their limit of ${usage.containerPidsLimit} processes: one of them keeps starting new ones (a fork bomb?). Stop it with \`docker rm -f NAME\`.`,
      });
    } else if (usage.pids >= usage.pidsLimit - PIDS_SLACK) {
      notices.push({
        kind: 'process_limit',
        message: `Your engine has reached its limit of ${usage.pidsLimit} processes: something keeps starting new ones. Restart the engine to recover; your files are kept.`,
      });
    }
    if (this.recentlyOutOfMemory(session, usage.memoryLimitHits)) {
      notices.push({
        kind: 'out_of_memory',
        message: `Your engine reached its memory limit (${Math.round(this.memoryBytes / 1024 ** 2)} MiB): the kernel may have stopped its largest program, which then exits with code 137. Run less at once, or cap a container with \`--memory\`.`,
      });
    }
    if (usage.diskFreeBytes !== null && usage.diskBytes !== null && usage.diskFreeBytes < Math.max(64 * 1024 ** 2, usage.diskBytes * 0.02)) {
      notices.push({
        kind: 'disk_full',
        message: `Your engine's disk (${(usage.diskBytes / 1024 ** 3).toFixed(1)} GiB) is full: remove images, containers or files you no longer need (\`docker system prune\` frees the most).`,
      });
    }
    return notices;
  }

  forget(session: string): void {
    this.oom.delete(session);
  }

  /**
   * True for a while after the limit-hit count last rose: a v2 total going
   * up, or a v1 hit since the last look. A restarted engine starts from zero,
   * which is not news.
   */
  private recentlyOutOfMemory(session: string, hits: number): boolean {
    const seen = this.oom.get(session) ?? { hits: 0, at: 0 };
    const at = hits > seen.hits ? this.now() : seen.at;
    this.oom.set(session, { hits, at });
    return at > 0 && this.now() - at < OOM_NOTICE_MS;
  }
}
