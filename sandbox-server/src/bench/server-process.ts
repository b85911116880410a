// The server as a child process, for benchmarks that measure the server's own
// memory: in this process, the bench's client would count towards it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Config, loadConfig } from '../config.js';
import { benchEnv, releaseEngines } from './harness.js';

export interface ServerProcess {
  base: string;
  pid: number;
  config: Config;
  /** Stops the server, then releases every engine it left. End its sessions first. */
  stop(): Promise<void>;
}

export async function spawnServer(): Promise<ServerProcess> {
  const env = benchEnv();
  const config = loadConfig(env);
  const main = new URL('../main.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await releaseEngines(config);
  };
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  try {
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        log += d.toString();
        const ready = /playground ready at (http:\/\/[^/\s]+)/.exec(log);
        if (ready?.[1]) resolve(ready[1]);
      });
      child.once('exit', (code) => reject(new Error(`the server exited ${code}: ${log}`)));
    });
    return { base, pid: child.pid ?? 0, config, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Samples a process's resident memory every `everyMs`, keeping the peak. */
export class RssSampler {
  peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 50,
  ) {
    this.peak = this.now();
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, this.now())), everyMs);
  }

  now(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  }

  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, this.now());
    return this.peak;
  }
}
