// The seam between sessions and wherever engines run. The local Docker host
// is the first provider; a Kubernetes one can slot in behind the same shape.
import type { SessionLimits } from '../config.js';

export interface EngineUsage {
  /** Processes and threads in the whole engine, and its cap. */
  pids: number;
  pidsLimit: number;
  /** The same for the learner's containers together (half the engine's). */
  containerPids: number;
  containerPidsLimit: number;
  /**
   * Counts the engine's memory reaching its limit (the kernel then reclaims,
   * or kills): a total since it started (cgroup v2), or 1 when it did so
   * since the last look (v1). Either way, a rise means it happened again.
   */
  memoryLimitHits: number;
  /** The engine's own disk; null without one. */
  diskFreeBytes: number | null;
  diskBytes: number | null;
}

export interface ExecOptions {
  timeoutMs?: number;
  /** Who runs the command in the engine: the learner unless said otherwise. */
  user?: 'learner' | 'root';
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
}

export interface EngineInfo {
  session: string;
  /** Provider's name for the engine (the container name for Docker). */
  engine: string;
  running: boolean;
}

export interface EngineProvider {
  /** Starts an engine for the session and resolves once its dockerd answers. */
  create(session: string, limits: SessionLimits): Promise<string>;
  /**
   * Starts the session's engine again (stopped, or stuck), keeping its disk:
   * the workspace, images and containers survive. Resolves once dockerd answers.
   */
  restart(engine: string): Promise<void>;
  /** Releases everything the session's engine held: container, network, disk. Idempotent. */
  remove(session: string): Promise<void>;
  /**
   * Every engine this provider holds, for adoption after a server restart,
   * plus leftovers of half-created or half-removed ones (with engine '').
   */
  list(): Promise<EngineInfo[]>;
  isRunning(engine: string): Promise<boolean>;
  /** How close a running engine is to its limits; null when it is not running. */
  usage(engine: string): Promise<EngineUsage | null>;
  /** Address at which this server reaches the engine's published ports. */
  address(engine: string): Promise<string>;
  /** Runs argv in the engine (no TTY), optionally feeding stdin. */
  exec(engine: string, argv: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Writes one file in the engine; the directory must exist. */
  putFile(engine: string, dir: string, name: string, content: Buffer, mode: number): Promise<void>;
  /** Command line of a process that gives an interactive shell in the engine, for node-pty. */
  shellCommand(engine: string, term: string): { file: string; args: string[] };
}
