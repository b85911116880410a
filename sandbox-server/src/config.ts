// Server settings: every limit and address, read once from the environment.
// Defaults suit one 2-core / 24 GiB host teaching a class; README lists them.
import { createHash } from 'node:crypto';
import { freemem } from 'node:os';
import { autoPoolSize } from './engines/pool.js';

export interface Config {
  port: number;
  host: string;
  /** Directory for the SQLite file and per-session disks. */
  stateDir: string;
  /** Built web app to serve, if present. */
  webDir: string;
  /** Folder of lesson folders. */
  lessonsDir: string;
  engine: EngineConfig;
  session: SessionLimits;
  maxFileBytes: number;
  pool: PoolConfig;
  /** Session creations allowed per client address per minute. */
  createPerMinute: number;
  /** Attempts to join a workshop allowed per client address per minute. */
  joinPerMinute: number;
  /** API requests one session may make per minute (a runaway script, not a learner, goes past it). */
  sessionRequestsPerMinute: number;
  /** Each secret is one instructor (DOCKYARD_INSTRUCTOR_SECRET, comma-separated). */
  instructorSecrets: string[];
}

export interface EngineConfig {
  /**
   * Names this server's engines: a server adopts or releases only engines with
   * its own instance label, so servers with different state never collide.
   */
  instance: string;
  image: string;
  /** OCI runtime for engine containers, e.g. "sysbox-runc"; empty for the host default. */
  runtime: string;
  /** Registry mirror the inner engines pull through, as seen from the host. */
  mirrorPort: number;
  /** Subnet pool engine networks are carved from (one small subnet a session). */
  subnetPool: string;
  subnetPrefix: number;
  /** Capabilities never granted to an engine even when the host allows them. */
  capDrop: string[];
}

export interface PoolConfig {
  /** Engines kept started and waiting for a learner; 0 turns the pool off. */
  size: number;
  /** A waiting engine older than this is replaced by a fresh one. */
  maxAgeSeconds: number;
}

export interface SessionLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
  /** Containers one engine may hold (running or not); 0: no limit. */
  containers: number;
  /** Host ports one engine's running containers may publish; 0: no limit. */
  ports: number;
  /** Size of the session's own disk (inner images, containers, workspace). 0 disables the cap. */
  diskBytes: number;
  ttlSeconds: number;
  idleSeconds: number;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const num = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
    return value;
  };
  const str = (name: string, fallback: string): string => env[name] || fallback;
  const stateDir = str('DOCKYARD_STATE', '/var/lib/dockyard');
  return {
    port: num('PORT', 4000),
    host: str('HOST', '0.0.0.0'),
    stateDir,
    webDir: str('DOCKYARD_WEB_DIR', new URL('../../web/dist', import.meta.url).pathname),
    lessonsDir: str('DOCKYARD_LESSONS_DIR', new URL('../../lessons', import.meta.url).pathname),
    engine: {
      instance: str('DOCKYARD_INSTANCE', createHash('sha256').update(stateDir).digest('hex').slice(0, 12)),
      image: str('DOCKYARD_ENGINE_IMAGE', 'dockyard/engine:current'),
      runtime: str('DOCKYARD_RUNTIME', ''),
      mirrorPort: num('DOCKYARD_MIRROR_PORT', 5000),
      subnetPool: str('DOCKYARD_SUBNET_POOL', '10.213.0.0/16'),
      subnetPrefix: num('DOCKYARD_SUBNET_PREFIX', 28),
      capDrop: str('DOCKYARD_CAP_DROP', DEFAULT_CAP_DROP.join(',')).split(',').map((c) => c.trim()).filter(Boolean),
    },
    session: {
      memoryBytes: num('DOCKYARD_SESSION_MEMORY_MB', 2048) * MiB,
      cpus: num('DOCKYARD_SESSION_CPUS', 1),
      pids: num('DOCKYARD_SESSION_PIDS', 2048),
      containers: num('DOCKYARD_SESSION_CONTAINERS', 50),
      ports: num('DOCKYARD_SESSION_PORTS', 20),
      diskBytes: num('DOCKYARD_SESSION_DISK_GB', 10) * GiB,
      ttlSeconds: num('DOCKYARD_SESSION_TTL_MINUTES', 240) * 60,
      idleSeconds: num('DOCKYARD_SESSION_IDLE_MINUTES', 30) * 60,
    },
    maxFileBytes: num('DOCKYARD_MAX_FILE_KB', 5120) * 1024,
    pool: {
      size: env.DOCKYARD_POOL_SIZE === undefined || env.DOCKYARD_POOL_SIZE === 'auto' ? autoPoolSize(freemem()) : num('DOCKYARD_POOL_SIZE', 0),
      maxAgeSeconds: num('DOCKYARD_POOL_MAX_AGE_MINUTES', 30) * 60,
    },
    createPerMinute: num('DOCKYARD_CREATE_PER_MINUTE', 20),
    joinPerMinute: num('DOCKYARD_JOIN_PER_MINUTE', 10),
    sessionRequestsPerMinute: num('DOCKYARD_SESSION_REQUESTS_PER_MINUTE', 600),
    instructorSecrets: (env.DOCKYARD_INSTRUCTOR_SECRET ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/**
 * Capabilities a nested dockerd does not need but which act on the whole host
 * (kernel modules, the clock, raw I/O, the kernel log, audit, MAC policy).
 */
export const DEFAULT_CAP_DROP = [
  'SYS_MODULE', 'SYS_RAWIO', 'SYS_TIME', 'SYS_BOOT', 'SYS_PACCT', 'SYS_TTY_CONFIG',
  'MAC_ADMIN', 'MAC_OVERRIDE', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND',
  'AUDIT_CONTROL', 'AUDIT_READ', 'PERFMON', 'BPF', 'LINUX_IMMUTABLE', 'LEASE', 'CHECKPOINT_RESTORE',
];
