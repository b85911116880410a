// Composes the server: store, engine provider, services and the HTTP/ws
// transport. main.ts starts it for real; service tests start it in-process.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Config } from './config.js';
import { DockerEngineProvider } from './engines/docker.js';
import { EnginePool } from './engines/pool.js';
import type { EngineProvider } from './engines/provider.js';
import { NotFound } from './errors.js';
import { ProgressService } from './checks/progress.js';
import { FilesService } from './files.js';
import { LessonCatalog } from './lessons.js';
import { handleApi } from './http/api.js';
import { handleWorkshops } from './http/workshops-api.js';
import { InstructorAuth } from './instructors.js';
import { WorkshopService } from './workshops.js';
import { sendError } from './http/request.js';
import { PreviewProxy, servePreview } from './http/preview.js';
import { serveStatic } from './http/static.js';
import { TerminalSockets } from './http/terminal-socket.js';
import { SessionNotices } from './notices.js';
import { RateLimiter } from './rate-limit.js';
import { RegistryWatch } from './registry-watch.js';
import { SessionService } from './sessions.js';
import { Store } from './store.js';
import { TerminalService } from './terminal/terminals.js';

const SWEEP_MS = 15_000;

export interface App {
  server: Server;
  sessions: SessionService;
  store: Store;
  pool: EnginePool;
  engines: EngineProvider;
  registry: RegistryWatch;
  /** Resolves with the port once listening. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export async function createApp(config: Config, engines?: EngineProvider): Promise<App> {
  mkdirSync(config.stateDir, { recursive: true });
  const store = new Store(join(config.stateDir, 'dockyard.db'));
  engines ??= new DockerEngineProvider({ config: config.engine, sessionsDir: join(config.stateDir, 'sessions') });
  const lessons = LessonCatalog.load(config.lessonsDir);
  const files = new FilesService(engines, config.maxFileBytes);
  // The services depend on each other in a circle (a command may complete a
  // step, which a workshop's dashboard shows); the two callbacks below refer
  // to services made after them and run only once the server is up.
  const terminals = new TerminalService(engines, store, {
    onCommand: (id) => {
      const session = store.getSession(id);
      if (session) sessions.scheduleChecks(session);
    },
  });
  const progress = new ProgressService(engines, files, store, (id, message) => {
    terminals.broadcast(id, message);
    if (message.type === 'progress') workshops.onProgress(id, message.steps);
  });
  const pool = new EnginePool(engines, config.session, config.pool.size, config.pool.maxAgeSeconds * 1000);
  const registry = new RegistryWatch(`http://127.0.0.1:${config.engine.mirrorPort}/v2/`);
  const notices = new SessionNotices(config.session.memoryBytes);
  const sessions = new SessionService(engines, store, terminals, files, lessons, progress, config.session, pool, notices, registry);
  const workshops = new WorkshopService(store, sessions, lessons, (id, message) => terminals.broadcast(id, message));
  const instructors = new InstructorAuth(config.instructorSecrets, store);

  const deps = {
    sessions,
    lessons,
    files,
    store,
    createLimiter: new RateLimiter(config.createPerMinute, 60_000),
    sessionLimiter: new RateLimiter(config.sessionRequestsPerMinute, 60_000),
  };
  const workshopDeps = { workshops, sessions, files, instructors, joinLimiter: new RateLimiter(config.joinPerMinute, 60_000) };
  const sockets = new TerminalSockets(sessions, terminals, async (req, workshop, session) =>
    sessions.runningEngine(workshops.learnerSession(instructors.identify(req), workshop, session)),
  );
  const previews = new PreviewProxy(sessions, engines);

  const { adopted, released } = await sessions.adopt();
  if (adopted.length || released.length) {
    console.log(`[dockyard] adopted ${adopted.length} live session(s), released ${released.length} leftover engine(s)`);
  }
  // After adoption, which releases engines without a session (an earlier run's pool among them).
  pool.start();
  registry.start();

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (previews.matches(url)) return await servePreview(previews, req, res, url);
        if (/^\/api\/(workshops|instructor)\b/.test(url.pathname) && (await handleWorkshops(workshopDeps, req, res, url))) return;
        if (await handleApi(deps, req, res, url)) return;
        if (!url.pathname.startsWith('/api/') && (await serveStatic(config.webDir, req, res, url))) return;
        throw new NotFound(`Nothing at ${url.pathname}.`);
      } catch (err) {
        sendError(res, err);
      }
    })();
  });
  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return void socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    }
    if (previews.matches(url)) return previews.handleUpgrade(req, socket, head, url);
    if (!sockets.handleUpgrade(req, socket, head, url)) socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
  });

  const sweeper = setInterval(() => {
    sessions.sweep().catch((err) => console.error('[dockyard] sweep failed:', err));
  }, SWEEP_MS);

  return {
    server,
    sessions,
    store,
    pool,
    engines,
    registry,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : config.port);
        });
      }),
    async close() {
      clearInterval(sweeper);
      registry.stop();
      sockets.close();
      terminals.closeAll();
      await pool.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      store.close();
    },
  };
}
