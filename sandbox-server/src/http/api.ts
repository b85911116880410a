// The REST part of API v1 (see README): thin handlers that check input, call
// a service and shape the reply.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequest, NotFound } from '../errors.js';
import type { FilesService } from '../files.js';
import type { LessonCatalog } from '../lessons.js';
import type { CreateSessionRequest, LearnerLessonProgress, RenameRequest } from '../protocol.js';
import { newSessionId } from '../tokens.js';
import type { RateLimiter } from '../rate-limit.js';
import type { SessionService } from '../sessions.js';
import type { Store } from '../store.js';
import {
  clientAddress,
  learnerId,
  readBody,
  readJson,
  sendJson,
  sessionCookies,
  sessionToken,
} from './request.js';

export interface ApiDeps {
  sessions: SessionService;
  lessons: LessonCatalog;
  files: FilesService;
  store: Store;
  createLimiter: RateLimiter;
  sessionLimiter: RateLimiter;
}

const LESSON_ROUTE = /^\/api\/lessons\/([a-z0-9-]{1,64})$/;
const SESSION_ROUTE = /^\/api\/sessions\/([a-z0-9]{1,32})(\/[a-z]+)?$/;

/** Handles an /api or /healthz request; returns false when no route matches. */
export async function handleApi(deps: ApiDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const { pathname } = url;
  const method = req.method ?? 'GET';

  if (pathname === '/healthz' && method === 'GET') {
    sendJson(res, 200, { ok: true });
    return true;
  }

  if (pathname === '/api/lessons' && method === 'GET') {
    sendJson(res, 200, deps.lessons.list());
    return true;
  }
  const lessonMatch = LESSON_ROUTE.exec(pathname);
  if (lessonMatch && method === 'GET') {
    sendJson(res, 200, deps.lessons.getPublic(lessonMatch[1] ?? ''));
    return true;
  }

  if (pathname === '/api/sessions' && method === 'POST') {
    deps.createLimiter.hit(clientAddress(req), 'new sessions from this address');
    const body = (await readJson(req)) as CreateSessionRequest;
    // An anonymous learner id, kept by the browser: progress follows it to the next session.
    const learner = learnerId(req) ?? newSessionId();
    const created = await deps.sessions.create(body, learner);
    sendJson(res, 201, created, { 'set-cookie': sessionCookies(created, learner), location: `/api/sessions/${created.id}` });
    return true;
  }

  if (pathname === '/api/learner/progress' && method === 'GET') {
    const learner = learnerId(req);
    const passed = learner ? deps.store.learnerProgress(learner) : new Map<string, Set<string>>();
    const lessons: LearnerLessonProgress[] = [];
    for (const summary of deps.lessons.list()) {
      const steps = passed.get(summary.id);
      if (!steps) continue;
      const total = deps.lessons.get(summary.id).steps.length;
      lessons.push({ lesson: summary.id, passedSteps: [...steps], totalSteps: total, done: steps.size >= total });
    }
    sendJson(res, 200, lessons);
    return true;
  }

  const match = SESSION_ROUTE.exec(pathname);
  if (!match) return false;
  const [, id = '', sub = ''] = match;
  const session = deps.sessions.authorize(id, sessionToken(req, id, url));
  // After authorize: a flood with a wrong token costs nothing and counts against no one.
  deps.sessionLimiter.hit(id, 'requests for this session');
  // Only what a learner does counts as activity: an open tab polling its
  // status and files must not keep an abandoned session alive.
  if (method !== 'GET') deps.sessions.touch(id);

  switch (`${method} ${sub}`) {
    case 'GET ':
      sendJson(res, 200, { ...(await deps.sessions.info(session)), maxFileBytes: deps.files.limit });
      return true;
    case 'DELETE ':
      await deps.sessions.end(id, 'ended by the learner');
      res.writeHead(204).end();
      return true;
    case 'POST /restart':
      sendJson(res, 200, { ...(await deps.sessions.info(await deps.sessions.restart(session))), maxFileBytes: deps.files.limit });
      return true;
    case 'GET /commands':
      sendJson(res, 200, deps.store.commands(id));
      return true;
    case 'GET /files': {
      const engine = await deps.sessions.runningEngine(session);
      sendJson(res, 200, await deps.files.list(engine, url.searchParams.get('path') ?? '.'));
      return true;
    }
    case 'GET /file': {
      const path = requiredPath(url);
      const engine = await deps.sessions.runningEngine(session);
      const content = await deps.files.read(engine, path);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length, 'cache-control': 'no-store' });
      res.end(content);
      return true;
    }
    case 'PUT /file': {
      const path = requiredPath(url);
      const content = await readBody(req, deps.files.limit);
      const engine = await deps.sessions.runningEngine(session);
      await deps.files.write(engine, path, content);
      deps.sessions.scheduleChecks(session);
      res.writeHead(204).end();
      return true;
    }
    case 'DELETE /file': {
      const engine = await deps.sessions.runningEngine(session);
      await deps.files.delete(engine, requiredPath(url));
      deps.sessions.scheduleChecks(session);
      res.writeHead(204).end();
      return true;
    }
    case 'POST /dir': {
      const engine = await deps.sessions.runningEngine(session);
      await deps.files.mkdir(engine, requiredPath(url));
      res.writeHead(201).end();
      return true;
    }
    case 'POST /rename': {
      const { from, to } = (await readJson(req)) as RenameRequest;
      if (typeof from !== 'string' || typeof to !== 'string') throw new BadRequest('The body must be {"from": path, "to": path}.');
      const engine = await deps.sessions.runningEngine(session);
      await deps.files.rename(engine, from, to);
      deps.sessions.scheduleChecks(session);
      res.writeHead(204).end();
      return true;
    }
    case 'POST /check':
      sendJson(res, 200, { steps: await deps.sessions.checkNow(session) });
      return true;
    case 'GET /solution': {
      // Solutions are served only on an explicit reveal, one step at a time.
      if (!session.lesson) throw new BadRequest('This session follows no lesson.');
      const stepId = url.searchParams.get('step');
      const step = deps.lessons.get(session.lesson).steps.find((s) => s.id === stepId);
      if (!step) throw new NotFound(`The lesson has no step "${stepId}".`);
      sendJson(res, 200, step.solution);
      return true;
    }
    default:
      throw new NotFound(`No route ${method} ${pathname}.`);
  }
}

function requiredPath(url: URL): string {
  const path = url.searchParams.get('path');
  if (!path) throw new BadRequest('The "path" query parameter is required.');
  return path;
}
