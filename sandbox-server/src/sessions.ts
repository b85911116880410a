// Session lifecycle: create (an engine of the learner's own), authorize by
// token, report, end (on request, at the time-to-live, or when idle), and
// re-adopt live engines after a server restart.
import type { ProgressService } from './checks/progress.js';
import type { SessionLimits } from './config.js';
import type { EnginePool } from './engines/pool.js';
import type { EngineProvider } from './engines/provider.js';
import type { FilesService } from './files.js';
import type { LessonCatalog } from './lessons.js';
import { BadRequest, Conflict, EngineUnavailable, Forbidden, NotFound, Unauthorized } from './errors.js';
import { SessionNotices } from './notices.js';
import type { CreateSessionRequest, CreateSessionResponse, PublishedPort, SessionInfo, StepProgress } from './protocol.js';
import type { SessionRecord, Store } from './store.js';
import type { TerminalService } from './terminal/terminals.js';
import { hashToken, newSessionId, newToken } from './tokens.js';

/** Activity is written to the store at most this often per session. */
const TOUCH_EVERY_MS = 10_000;

export class SessionService {
  private readonly lastTouch = new Map<string, number>();
  private readonly restarting = new Set<string>();

  constructor(
    private readonly engines: EngineProvider,
    private readonly store: Store,
    private readonly terminals: TerminalService,
    private readonly files: FilesService,
    private readonly lessons: LessonCatalog,
    private readonly progress: ProgressService,
    private readonly limits: SessionLimits,
    private readonly pool: EnginePool | null = null,
    private readonly notices: SessionNotices = new SessionNotices(limits.memoryBytes),
    private readonly registry: { up: boolean } = { up: true },
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session; `learner` ties it to a learner whose earlier progress it keeps. */
  async create(request: CreateSessionRequest, learner: string | null = null): Promise<CreateSessionResponse> {
    const fields = validateCreate(request);
    const lesson = fields.lesson === null ? null : this.lessons.get(fields.lesson);
    // A warm engine if one waits; its session id comes with it.
    const warm = (await this.pool?.take()) ?? null;
    const id = warm?.session ?? newSessionId();
    const token = newToken();
    const now = this.now();
    const record: SessionRecord = {
      id,
      tokenHash: hashToken(token),
      engine: '',
      ...fields,
      status: 'starting',
      createdAt: now,
      expiresAt: now + this.limits.ttlSeconds * 1000,
      lastActive: now,
      endReason: null,
    };
    this.store.insertSession(record);
    if (learner) this.store.setLearner(id, learner);
    try {
      record.engine = warm?.engine ?? (await this.engines.create(id, this.limits));
      // The lesson's starting point: its starter files in the workspace.
      for (const [path, content] of Object.entries(lesson?.starter ?? {})) {
        await this.files.write(record.engine, path, Buffer.from(content));
      }
    } catch (err) {
      this.store.setStatus(id, 'ended', 'engine failed to start');
      throw err;
    }
    this.store.setEngine(id, record.engine);
    this.store.setStatus(id, 'running');
    return { id, token, expiresAt: new Date(record.expiresAt).toISOString() };
  }

  /** The live session `id` if `token` opens it: 401 without a valid token, 403 for another session's. */
  authorize(id: string, token: string | undefined): SessionRecord {
    if (!token) throw new Unauthorized();
    const owner = this.store.findSessionByTokenHash(hashToken(token));
    if (!owner) throw new Unauthorized('This session token is not valid.');
    if (owner.id !== id) throw new Forbidden();
    if (owner.status === 'ended') throw new NotFound(`This session has ended (${owner.endReason ?? 'ended'}). Start a new one.`);
    return owner;
  }

  /** Records learner activity, which keeps the session from idling out. */
  touch(id: string): void {
    const now = this.now();
    if (now - (this.lastTouch.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.lastTouch.set(id, now);
    this.store.touch(id, now);
  }

  async info(session: SessionRecord): Promise<Omit<SessionInfo, 'maxFileBytes'>> {
    const usage = session.status === 'running' ? await this.engines.usage(session.engine) : null;
    const running = usage !== null;
    if (session.status === 'running' && !running) this.store.setStatus(session.id, 'stopped');
    return {
      id: session.id,
      status: running ? 'running' : session.status === 'starting' ? 'starting' : 'stopped',
      lesson: session.lesson,
      progress: session.lesson ? this.progress.stored(session.id, this.lessons.get(session.lesson)) : [],
      ports: running ? await this.ports(session.engine) : [],
      expiresAt: new Date(session.expiresAt).toISOString(),
      idleTimeoutSeconds: this.limits.idleSeconds,
      notices: this.notices.for(session.id, usage, this.registry.up),
    };
  }

  /** The engine of a session that must be running for the request at hand. */
  async runningEngine(session: SessionRecord): Promise<string> {
    if (session.status === 'ended') throw new NotFound(`This session has ended (${session.endReason ?? 'ended'}).`);
    if (session.status === 'starting') throw new EngineUnavailable('The engine is still starting.');
    if (!(await this.engines.isRunning(session.engine))) {
      this.store.setStatus(session.id, 'stopped');
      throw new EngineUnavailable('The engine of this session has stopped.');
    }
    return session.engine;
  }

  /**
   * Starts a stopped (or stuck) engine again on the same disk: files, images
   * and containers are kept; shells start afresh. Resolves with the record as it now is.
   */
  async restart(session: SessionRecord): Promise<SessionRecord> {
    if (session.status === 'ended') throw new NotFound(`This session has ended (${session.endReason ?? 'ended'}).`);
    if (session.status === 'starting') throw new EngineUnavailable('The engine is still starting.');
    // One restart at a time: a second click would only stop the first half-way.
    if (this.restarting.has(session.id)) throw new Conflict('The engine is already restarting.');
    this.restarting.add(session.id);
    try {
      this.terminals.closeSession(session.id, 'The engine is restarting.');
      await this.engines.restart(session.engine);
      this.store.setStatus(session.id, 'running');
    } finally {
      this.restarting.delete(session.id);
    }
    return this.store.getSession(session.id) ?? session;
  }

  /** Checks the session's lesson soon (after a command or a save); no-op without a lesson. */
  scheduleChecks(session: SessionRecord): void {
    if (session.lesson && session.status === 'running') {
      this.progress.schedule({ session: session.id, engine: session.engine, lesson: this.lessons.get(session.lesson) });
    }
  }

  async checkNow(session: SessionRecord): Promise<StepProgress[]> {
    if (!session.lesson) throw new BadRequest('This session follows no lesson, so there is nothing to check.');
    const engine = await this.runningEngine(session);
    return this.progress.check({ session: session.id, engine, lesson: this.lessons.get(session.lesson) });
  }

  async end(id: string, reason: string): Promise<void> {
    // Ended first, so nothing asking while the engine goes sees it half gone.
    this.store.setStatus(id, 'ended', reason);
    this.progress.cancel(id);
    this.terminals.closeSession(id, `The session has ended (${reason}).`);
    this.lastTouch.delete(id);
    this.notices.forget(id);
    await this.engines.remove(id);
    this.store.deleteScrollback(id);
  }

  /** Ends sessions past their time-to-live or idle timeout. */
  async sweep(): Promise<string[]> {
    const now = this.now();
    const ended: string[] = [];
    for (const s of this.store.liveSessions()) {
      const reason =
        now >= s.expiresAt ? 'time limit reached' : now - s.lastActive >= this.limits.idleSeconds * 1000 ? 'idle too long' : null;
      if (reason && s.status !== 'starting') {
        await this.end(s.id, reason);
        ended.push(s.id);
      }
    }
    return ended;
  }

  /**
   * After a restart: keep engines whose sessions are live, release every
   * other engine and leftover, and end sessions whose engine is gone.
   */
  async adopt(): Promise<{ adopted: string[]; released: string[] }> {
    const live = new Map(this.store.liveSessions().map((s) => [s.id, s]));
    const engines = await this.engines.list();
    const adopted: string[] = [];
    const released: string[] = [];
    for (const e of engines) {
      const session = live.get(e.session);
      if (session && session.status !== 'starting' && e.engine) {
        adopted.push(e.session);
        this.store.setStatus(e.session, e.running ? 'running' : 'stopped');
      } else {
        await this.engines.remove(e.session);
        released.push(e.session);
      }
    }
    for (const s of live.values()) {
      if (!adopted.includes(s.id)) this.store.setStatus(s.id, 'ended', 'engine lost while the server was down');
    }
    return { adopted, released };
  }

  private async ports(engine: string): Promise<PublishedPort[]> {
    // The engine's own Docker API, queried from inside the engine. An engine
    // stopping as we ask has no ports; the next look reports it stopped.
    const result = await this.engines
      .exec(engine, ['curl', '-fsS', '--max-time', '3', '--unix-socket', '/var/run/docker.sock', 'http://engine/containers/json'], {
        timeoutMs: 5000,
      })
      .catch(() => null);
    if (result?.exitCode !== 0) return [];
    return publishedPorts(JSON.parse(result.stdout.toString('utf8')) as InnerContainer[]);
  }
}

interface InnerContainer {
  Names: string[];
  Image: string;
  Ports: { PrivatePort: number; PublicPort?: number; Type: string; IP?: string }[];
}

export function publishedPorts(containers: InnerContainer[]): PublishedPort[] {
  const byPort = new Map<string, PublishedPort>();
  for (const c of containers) {
    for (const p of c.Ports) {
      if (!p.PublicPort) continue;
      const protocol = p.Type === 'udp' ? 'udp' : 'tcp';
      byPort.set(`${p.PublicPort}/${protocol}`, {
        port: p.PublicPort,
        protocol,
        container: (c.Names[0] ?? '').replace(/^\//, ''),
        image: c.Image,
      });
    }
  }
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

function validateCreate(request: unknown): Pick<SessionRecord, 'lesson' | 'workshop' | 'name'> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new BadRequest('The request body must be a JSON object.');
  }
  const body = request as Record<string, unknown>;
  const field = (key: string, max: number): string | null => {
    const value = body[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || value.length === 0 || value.length > max) {
      throw new BadRequest(`"${key}" must be a string of 1 to ${max} characters.`);
    }
    return value;
  };
  return { lesson: field('lesson', 100), workshop: field('workshop', 100), name: field('name', 80) };
}
