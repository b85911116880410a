// A warm pool of started engines, so a new session is ready as soon as its
// record is written. Each pool engine is created for a session id of its own
// (network, disk and labels included), so taking one changes nothing on the
// engine. Engines that wait too long are recycled; a restarted server finds
// pool engines without a session and releases them like any leftover.
import type { SessionLimits } from '../config.js';
import { newSessionId } from '../tokens.js';
import type { EngineProvider } from './provider.js';

export interface PooledEngine {
  session: string;
  engine: string;
}

interface Waiting extends PooledEngine {
  readyAt: number;
}

export class EnginePool {
  private readonly waiting: Waiting[] = [];
  private filling: Promise<void> | null = null;
  private closed = false;
  private failures = 0;
  private recycler: NodeJS.Timeout | null = null;

  constructor(
    private readonly engines: EngineProvider,
    private readonly limits: SessionLimits,
    readonly size: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts filling; call after adoption, which releases engines that have no session. */
  start(): void {
    if (this.size <= 0 || this.recycler) return;
    this.recycler = setInterval(() => void this.recycle(), Math.min(60_000, this.maxAgeMs));
    this.recycler.unref();
    this.fill();
  }

  get ready(): number {
    return this.waiting.length;
  }

  /** A started engine, or null when the pool is empty (the caller starts one cold). */
  async take(): Promise<PooledEngine | null> {
    for (;;) {
      const taken = this.waiting.shift();
      this.fill();
      if (!taken) return null;
      // The host's Docker may have restarted, or someone killed it, while it waited.
      if (await this.engines.isRunning(taken.engine)) return { session: taken.session, engine: taken.engine };
      void this.engines.remove(taken.session).catch(() => {});
    }
  }

  /** Resolves once at least `count` engines are ready (for benchmarks and tests). */
  async waitUntilReady(count = this.size): Promise<void> {
    while (this.waiting.length < Math.min(count, this.size) && !this.closed) {
      await (this.filling ?? new Promise((r) => setTimeout(r, 50)));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.recycler) clearInterval(this.recycler);
    await this.filling?.catch(() => {});
    await Promise.all(this.waiting.splice(0).map((w) => this.engines.remove(w.session).catch(() => {})));
  }

  /** Starts engines one at a time until the pool is full: a burst of starts would slow every session. */
  private fill(): void {
    if (!this.recycler || this.filling || this.closed || this.waiting.length >= this.size) return;
    this.filling = (async () => {
      while (!this.closed && this.waiting.length < this.size) {
        const session = newSessionId();
        try {
          const engine = await this.engines.create(session, this.limits);
          if (this.closed) await this.engines.remove(session);
          else this.waiting.push({ session, engine, readyAt: this.now() });
          this.failures = 0;
        } catch (err) {
          // A broken engine image must not turn into a hot loop; back off.
          this.failures++;
          console.error(`[dockyard] warm pool could not start an engine: ${err instanceof Error ? err.message : String(err)}`);
          await new Promise((r) => setTimeout(r, Math.min(60_000, 1000 * 2 ** this.failures)));
        }
      }
    })().finally(() => {
      this.filling = null;
    });
  }

  private async recycle(): Promise<void> {
    const cutoff = this.now() - this.maxAgeMs;
    const old = this.waiting.filter((w) => w.readyAt < cutoff);
    for (const w of old) {
      this.waiting.splice(this.waiting.indexOf(w), 1);
      await this.engines.remove(w.session).catch(() => {});
    }
    this.fill();
  }
}

/**
 * Default pool size from free memory: a small share of it, at about 64 MiB
 * per idle engine, between 1 and 8 engines.
 */
export function autoPoolSize(freeBytes: number): number {
  return Math.max(1, Math.min(8, Math.floor((freeBytes * 0.02) / (64 * 1024 ** 2))));
}
