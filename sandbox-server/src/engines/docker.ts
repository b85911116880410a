// Engine provider for a local Docker host: one docker-in-docker container per
// session, on a network of its own, with a loop-mounted disk of fixed size.
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { pack } from 'tar-stream';
import type { EngineConfig, SessionLimits } from '../config.js';
import { EngineUnavailable } from '../errors.js';
import { boundingSet, engineCapabilities } from './capabilities.js';
import type { EngineInfo, EngineProvider, EngineUsage, ExecOptions, ExecResult } from './provider.js';
import { readEngineUsage } from './usage.js';
import { SubnetPool } from './subnets.js';

const run = promisify(execFile);

const LABEL_SESSION = 'dockyard.session';
const LABEL_INSTANCE = 'dockyard.instance';
const READY_LINE = 'dockyard: engine ready';
const FAILED_LINE = 'dockyard: engine failed';
const READY_TIMEOUT_MS = 30_000;
/** What a running engine's usage reads as when its cgroup files cannot be read: nothing to report. */
const UNKNOWN_USAGE: EngineUsage = {
  pids: 0,
  pidsLimit: Infinity,
  containerPids: 0,
  containerPidsLimit: Infinity,
  memoryLimitHits: 0,
  diskFreeBytes: null,
  diskBytes: null,
};
/** The engine's unprivileged user: the learner's shell, files and checks (see host/engine/Dockerfile). */
const LEARNER = 'learner';
const LEARNER_UID = 1000;

export interface DockerProviderOptions {
  docker?: Docker;
  config: EngineConfig;
  /** Directory holding one folder per session (its disk image and mount). */
  sessionsDir: string;
}

export class DockerEngineProvider implements EngineProvider {
  private readonly docker: Docker;
  private readonly capabilities: string[];
  private readonly subnets: SubnetPool;
  private readonly canMount = process.getuid?.() === 0;

  constructor(private readonly options: DockerProviderOptions) {
    this.docker = options.docker ?? new Docker();
    this.capabilities = engineCapabilities(boundingSet(), options.config.capDrop);
    this.subnets = new SubnetPool(options.config.subnetPool, options.config.subnetPrefix);
  }

  async create(session: string, limits: SessionLimits): Promise<string> {
    const name = engineName(session);
    try {
      // Network and disk do not depend on each other: prepare them together.
      const [network, mounts] = await Promise.all([this.createNetwork(session), this.prepareDisk(session, limits.diskBytes)]);
      const container = await this.docker.createContainer({
        name,
        Image: this.options.config.image,
        Hostname: 'dockyard',
        Labels: this.labels(session),
        Env: [
          `DOCKYARD_MIRROR=http://dockyard-mirror:${this.options.config.mirrorPort}`,
          `DOCKYARD_MAX_CONTAINERS=${limits.containers}`,
          `DOCKYARD_MAX_PORTS=${limits.ports}`,
          // Half the engine's processes for its containers; the rest keeps
          // dockerd, the shims and the learner's shell alive (host/engine/dockyard-engine).
          `DOCKYARD_CONTAINER_PIDS=${Math.floor(limits.pids / 2)}`,
        ],
        HostConfig: {
          NetworkMode: network.name,
          ExtraHosts: [`dockyard-mirror:${network.gateway}`],
          CapAdd: this.capabilities,
          SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
          // No masked or read-only paths under /proc and /sys (what the CLI's
          // systempaths=unconfined sends). The kernel lets a user namespace
          // mount a fresh /proc only where nothing of it is hidden, and every
          // learner container is in one. Only the engine's own root processes
          // gain from it; the learner is not root there (see host/engine/Dockerfile).
          MaskedPaths: [],
          ReadonlyPaths: [],
          // A private cgroup namespace makes the engine's cgroup the root its
          // dockerd sees, so every inner container is held by our limits.
          CgroupnsMode: 'private',
          Memory: limits.memoryBytes,
          MemorySwap: limits.memoryBytes,
          NanoCpus: Math.round(limits.cpus * 1e9),
          PidsLimit: limits.pids,
          Binds: mounts,
          ...(this.options.config.runtime ? { Runtime: this.options.config.runtime } : {}),
        } as Docker.HostConfig,
      });
      await container.start();
      await this.waitReady(container, 0);
      return name;
    } catch (err) {
      await this.remove(session).catch(() => {});
      throw err instanceof EngineUnavailable ? err : new EngineUnavailable(`The engine could not start: ${messageOf(err)}`);
    }
  }

  async restart(engine: string): Promise<void> {
    const container = this.docker.getContainer(engine);
    // Only log lines from this start count: the last run printed "ready" too.
    // Docker takes fractions of a second here, and a restart may follow a start closely.
    const since = Date.now() / 1000;
    try {
      await container.restart({ t: 1 });
    } catch (err) {
      throw new EngineUnavailable(`The engine could not restart: ${messageOf(err)}`);
    }
    await this.waitReady(container, since);
  }

  async remove(session: string): Promise<void> {
    const container = this.docker.getContainer(engineName(session));
    await container.remove({ force: true, v: true }).catch(ignoreNotFound);
    await this.docker.getNetwork(engineName(session)).remove().catch(ignoreNotFound);
    await this.releaseDisk(session);
  }

  async list(): Promise<EngineInfo[]> {
    const [containers, networks, dirs] = await Promise.all([
      this.docker.listContainers({ all: true, filters: { label: [this.instanceLabel] } }),
      this.docker.listNetworks({ filters: { label: [this.instanceLabel] } }),
      readdir(this.options.sessionsDir).catch(() => [] as string[]),
    ]);
    const found = new Map<string, EngineInfo>();
    for (const c of containers) {
      const session = c.Labels[LABEL_SESSION] ?? '';
      found.set(session, { session, engine: (c.Names[0] ?? '').replace(/^\//, ''), running: c.State === 'running' });
    }
    // A crash part-way through create or remove can leave a network or a disk
    // without a container; list them too so they get released.
    const leftovers = [...networks.map((n) => n.Labels?.[LABEL_SESSION] ?? ''), ...dirs];
    for (const session of leftovers) {
      if (session && !found.has(session)) found.set(session, { session, engine: '', running: false });
    }
    return [...found.values()];
  }

  private get instanceLabel(): string {
    return `${LABEL_INSTANCE}=${this.options.config.instance}`;
  }

  private labels(session: string): Record<string, string> {
    return { [LABEL_SESSION]: session, [LABEL_INSTANCE]: this.options.config.instance };
  }

  async isRunning(engine: string): Promise<boolean> {
    try {
      const info = await this.docker.getContainer(engine).inspect();
      return info.State.Running;
    } catch {
      return false;
    }
  }

  async usage(engine: string): Promise<EngineUsage | null> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(engine).inspect();
    } catch {
      return null;
    }
    if (!info.State.Running || !info.State.Pid) return null;
    const session = info.Config.Labels[LABEL_SESSION] ?? '';
    const disk = this.canMount && session ? join(this.options.sessionsDir, session, 'disk') : null;
    // Running, whatever its cgroup files say: a failed read must not mark the session stopped.
    return readEngineUsage(info.State.Pid, disk).catch(() => UNKNOWN_USAGE);
  }

  async address(engine: string): Promise<string> {
    const info = await this.docker.getContainer(engine).inspect();
    const address = info.NetworkSettings.Networks[engine]?.IPAddress;
    if (!address) throw new EngineUnavailable('The engine has no network address; it may be stopping.');
    return address;
  }

  async exec(engine: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    try {
      return await this.execOnce(engine, argv, options);
    } catch (err) {
      // The engine, or the host's Docker itself, went away part-way: one clear error for callers.
      if (err instanceof EngineUnavailable) throw err;
      throw new EngineUnavailable(`The engine is not running (${messageOf(err)}).`);
    }
  }

  private async execOnce(engine: string, argv: string[], options: ExecOptions): Promise<ExecResult> {
    const exec = await this.docker.getContainer(engine).exec({
      Cmd: argv,
      User: options.user ?? LEARNER,
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    this.docker.modem.demuxStream(stream, sink(stdout), sink(stderr));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.destroy();
        reject(new EngineUnavailable(`The engine did not answer within ${options.timeoutMs} ms.`));
      }, options.timeoutMs ?? 30_000);
      stream.on('end', () => { clearTimeout(timer); resolve(); });
      stream.on('close', () => { clearTimeout(timer); resolve(); });
      stream.on('error', (err) => { clearTimeout(timer); reject(err); });
    });
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
  }

  async putFile(engine: string, dir: string, name: string, content: Buffer, mode: number): Promise<void> {
    const tar = pack();
    tar.entry({ name, mode, size: content.length, mtime: new Date(), uid: LEARNER_UID, gid: LEARNER_UID }, content);
    tar.finalize();
    // copyUIDGID keeps the archive's owner: the file is the learner's to edit.
    await this.docker
      .getContainer(engine)
      .putArchive(tar as unknown as NodeJS.ReadableStream, { path: dir, copyUIDGID: '1' } as { path: string });
  }

  shellCommand(engine: string, term: string): { file: string; args: string[] } {
    // dtach keeps the shell alive in the engine when this server goes away, so
    // a restarted server re-attaches to the same shell, history and jobs.
    // -E: no detach key; -z: no suspend key; -r winch: redraw on attach.
    // The shell is the learner's, with no capabilities and no way to gain
    // any (no-new-privs), so it cannot remount /proc/sys or touch the host.
    return {
      file: 'docker',
      args: [
        'exec', '-it', '-u', LEARNER, '-e', 'TERM=xterm-256color', '-w', '/workspace', engine,
        'setpriv', '--no-new-privs',
        'dtach', '-A', `/run/dockyard/term-${term}.sock`, '-E', '-z', '-r', 'winch', 'bash', '-l',
      ],
    };
  }

  private async createNetwork(session: string): Promise<{ name: string; gateway: string }> {
    const name = engineName(session);
    const taken = await this.takenSubnets();
    // Another server may race us for a subnet; Docker refuses overlaps, so retry.
    for (let attempt = 0; attempt < 5; attempt++) {
      const subnet = this.subnets.allocate(taken);
      try {
        await this.docker.createNetwork({
          Name: name,
          Driver: 'bridge',
          Labels: this.labels(session),
          IPAM: { Config: [{ Subnet: subnet.cidr, Gateway: subnet.gateway }] },
          Options: { 'com.docker.network.bridge.enable_icc': 'false' },
        });
        return { name, gateway: subnet.gateway };
      } catch (err) {
        if (!/overlap|already exists|in use/i.test(messageOf(err))) throw err;
        taken.add(subnet.cidr);
      } finally {
        this.subnets.release(subnet.cidr);
      }
    }
    throw new EngineUnavailable('No free network for a new engine; try again in a moment.');
  }

  private async takenSubnets(): Promise<Set<string>> {
    const networks = await this.docker.listNetworks();
    const taken = new Set<string>();
    for (const n of networks) for (const c of n.IPAM?.Config ?? []) if (c.Subnet) taken.add(c.Subnet);
    return taken;
  }

  /** Bind mounts for the engine's data root and workspace, on a disk of their own. */
  private async prepareDisk(session: string, bytes: number): Promise<string[]> {
    const dir = join(this.options.sessionsDir, session);
    const mountPoint = join(dir, 'disk');
    await mkdir(mountPoint, { recursive: true });
    if (bytes > 0 && this.canMount) {
      const image = join(dir, 'disk.img');
      await run('truncate', ['-s', String(bytes), image]);
      await run('mkfs.ext4', ['-q', '-F', '-m', '0', '-E', 'lazy_itable_init=1,lazy_journal_init=1,nodiscard', image]);
      await run('mount', ['-o', 'loop', image, mountPoint]);
    }
    await Promise.all([mkdir(join(mountPoint, 'docker')), mkdir(join(mountPoint, 'workspace'))]);
    return [`${join(mountPoint, 'docker')}:/var/lib/docker`, `${join(mountPoint, 'workspace')}:/workspace`];
  }

  private async releaseDisk(session: string): Promise<void> {
    const dir = join(this.options.sessionsDir, session);
    const mountPoint = join(dir, 'disk');
    if (this.canMount && (await isMountPoint(mountPoint))) {
      await run('umount', ['-l', mountPoint]);
    }
    await rm(dir, { recursive: true, force: true });
  }

  private async waitReady(container: Docker.Container, since: number): Promise<void> {
    const logs = (await container.logs({ follow: true, stdout: true, stderr: true, since })) as NodeJS.ReadableStream & {
      destroy(): void;
    };
    let seen = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new EngineUnavailable('The engine took too long to start.')), READY_TIMEOUT_MS);
        const done = (err?: Error) => {
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        };
        logs.on('data', (chunk: Buffer) => {
          seen += chunk.toString('latin1');
          if (seen.includes(READY_LINE)) done();
          else if (seen.includes(FAILED_LINE)) done(new EngineUnavailable(`The engine failed to start: ${printable(seen)}`));
        });
        logs.on('end', () => done(new EngineUnavailable(`The engine stopped while starting: ${printable(seen)}`)));
        logs.on('error', (err: Error) => done(err));
      });
    } finally {
      logs.destroy();
    }
  }
}

export function engineName(session: string): string {
  return `dockyard-${session}`;
}

async function isMountPoint(path: string): Promise<boolean> {
  try {
    const [self, parent] = await Promise.all([stat(path), stat(join(path, '..'))]);
    return self.dev !== parent.dev;
  } catch {
    return false;
  }
}

function sink(chunks: Buffer[]): NodeJS.WritableStream {
  return { write: (chunk: Buffer) => (chunks.push(chunk), true) } as unknown as NodeJS.WritableStream;
}

function ignoreNotFound(err: unknown): void {
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== 404) throw err;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Docker log frames carry 8-byte binary headers; keep the human text. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\n]/g, '').trim().slice(-500);
}
