// The workshop routes of API v1 (see README): instructor sign-in and routes
// behind the instructor secret, and the learners' join route behind a rate limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FilesService } from '../files.js';
import { INSTRUCTOR_COOKIE, type InstructorAuth } from '../instructors.js';
import type { SessionService } from '../sessions.js';
import type { RateLimiter } from '../rate-limit.js';
import type { WorkshopService } from '../workshops.js';
import { NotFound, Unauthorized } from '../errors.js';
import { clientAddress, readJson, sessionCookies, sendJson } from './request.js';

export interface WorkshopDeps {
  workshops: WorkshopService;
  instructors: InstructorAuth;
  joinLimiter: RateLimiter;
  sessions: SessionService;
  files: FilesService;
}

const WORKSHOP_ROUTE = /^\/api\/workshops\/([a-z0-9]{1,32})(\/[a-z]+)?$/;
const LEARNER_FILES_ROUTE = /^\/api\/workshops\/([a-z0-9]{1,32})\/sessions\/([a-z0-9]{1,32})\/(files|file)$/;
const EVENT_PING_MS = 25_000;

/** Handles /api/workshops routes; returns false when none matches. */
export async function handleWorkshops(deps: WorkshopDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (url.pathname === '/api/workshops/join' && method === 'POST') {
    // Join codes are guessable only by brute force: make that slow.
    deps.joinLimiter.hit(clientAddress(req), 'attempts to join a workshop from this address');
    const joined = await deps.workshops.join(await readJson(req));
    sendJson(res, 201, joined, { 'set-cookie': sessionCookies(joined.session, joined.learner) });
    return true;
  }
  if (url.pathname === '/api/instructor/session') {
    if (method === 'POST') {
      // Signing in sets a cookie, for the browser's EventSource and websockets.
      deps.joinLimiter.hit(clientAddress(req), 'sign-in attempts from this address');
      const { secret } = (await readJson(req)) as { secret?: unknown };
      if (typeof secret !== 'string' || !deps.instructors.knows(secret)) throw new Unauthorized('This instructor secret is not valid.');
      res.writeHead(204, { 'set-cookie': `${INSTRUCTOR_COOKIE}=${encodeURIComponent(secret)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200` }).end();
      return true;
    }
    if (method === 'DELETE') {
      res.writeHead(204, { 'set-cookie': `${INSTRUCTOR_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` }).end();
      return true;
    }
  }
  const learnerFiles = LEARNER_FILES_ROUTE.exec(url.pathname);
  if (learnerFiles && method === 'GET') {
    // The learner's workspace, read-only, for an instructor helping them.
    const [, id = '', sessionId = '', what] = learnerFiles;
    const session = deps.workshops.learnerSession(deps.instructors.identify(req), id, sessionId);
    const engine = await deps.sessions.runningEngine(session);
    const path = url.searchParams.get('path') ?? '.';
    if (what === 'files') sendJson(res, 200, await deps.files.list(engine, path));
    else {
      const content = await deps.files.read(engine, path);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length, 'cache-control': 'no-store' });
      res.end(content);
    }
    return true;
  }
  if (url.pathname === '/api/workshops') {
    const instructor = deps.instructors.identify(req);
    if (method === 'POST') return sendJson(res, 201, deps.workshops.create(instructor, await readJson(req))), true;
    if (method === 'GET') return sendJson(res, 200, deps.workshops.list(instructor)), true;
    throw new NotFound(`No route ${method} ${url.pathname}.`);
  }
  const match = WORKSHOP_ROUTE.exec(url.pathname);
  if (!match) return false;
  const [, id = '', sub = ''] = match;
  const instructor = deps.instructors.identify(req);
  switch (`${method} ${sub}`) {
    case 'GET ':
      sendJson(res, 200, deps.workshops.get(instructor, id));
      return true;
    case 'PATCH ':
      sendJson(res, 200, await deps.workshops.update(instructor, id, await readJson(req)));
      return true;
    case 'POST /broadcast':
      deps.workshops.broadcast(instructor, id, await readJson(req));
      res.writeHead(204).end();
      return true;
    case 'GET /progress':
      sendJson(res, 200, deps.workshops.progress(instructor, id));
      return true;
    case 'GET /export': {
      if (url.searchParams.get('format') === 'csv') {
        res.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="workshop-${id}.csv"`,
        });
        res.end(deps.workshops.exportCsv(instructor, id));
      } else {
        sendJson(res, 200, { workshop: deps.workshops.get(instructor, id), learners: deps.workshops.progress(instructor, id) }, {
          'content-disposition': `attachment; filename="workshop-${id}.json"`,
        });
      }
      return true;
    }
    case 'GET /events': {
      // Server-sent events: each progress round of a learner in this workshop.
      const unsubscribe = deps.workshops.subscribe(instructor, id, (event) => res.write(`event: progress\ndata: ${JSON.stringify(event)}\n\n`));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      const ping = setInterval(() => res.write(': ping\n\n'), EVENT_PING_MS);
      req.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
      return true;
    }
    default:
      throw new NotFound(`No route ${method} ${url.pathname}.`);
  }
}
