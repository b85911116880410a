// The one seam to the sandbox server: every REST call and terminal websocket
// of API v1 goes through here, typed with the server's own protocol module.
import type {
  BroadcastRequest,
  CommandLogEntry,
  CreateSessionRequest,
  CreateSessionResponse,
  CreateWorkshopRequest,
  FileEntry,
  JoinWorkshopRequest,
  JoinWorkshopResponse,
  LearnerLessonProgress,
  LearnerProgress,
  RenameRequest,
  SessionInfo,
  StepProgress,
  UpdateWorkshopRequest,
  Workshop,
} from '@dockyard/sandbox-server/protocol';
import type { LessonSummary, PublicLesson, SolutionAction } from '@dockyard/lessons/model';
import { ApiError, errorFromResponse, isAbort, toApiError } from './errors';

/** What opens a session: its id and the token the server gave when it was created. */
export interface Credentials {
  id: string;
  token: string;
}

/** A lesson as GET /api/lessons lists it, one with its steps, and a step's solution (the lesson model's own types). */
export type { LearnerLessonProgress, LessonSummary, PublicLesson, SolutionAction };

/** Most calls answer in well under a second; this only catches a server that hangs. */
const TIMEOUT_MS = 20_000;
/** Creating a session starts an engine, which can take a while on a busy host. */
const CREATE_TIMEOUT_MS = 90_000;

interface RequestOptions {
  method?: string;
  body?: BodyInit | null;
  json?: unknown;
  credentials?: Credentials;
  signal?: AbortSignal;
  timeoutMs?: number;
}

async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.credentials) headers.authorization = `Bearer ${options.credentials.token}`;
  let body = options.body ?? null;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const timeout = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  try {
    // same-origin credentials: the session cookie also opens port previews.
    res = await fetch(path, { method: options.method ?? 'GET', headers, body, signal, credentials: 'same-origin' });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw toApiError(err);
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

function sessionPath(c: Credentials, sub = ''): string {
  return `/api/sessions/${encodeURIComponent(c.id)}${sub}`;
}

function withPath(base: string, path: string): string {
  return `${base}?path=${encodeURIComponent(path)}`;
}

export async function health(): Promise<boolean> {
  try {
    await request('/healthz', { timeoutMs: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** The lessons on offer; an empty list when the server has none (or no lessons API yet). */
export async function listLessons(signal?: AbortSignal): Promise<LessonSummary[]> {
  try {
    const res = await request('/api/lessons', signal ? { signal } : {});
    const body: unknown = await res.json();
    return Array.isArray(body) ? (body as LessonSummary[]) : [];
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

/** What this browser's learner finished, lesson by lesson (empty for a new browser). */
export async function learnerProgress(signal?: AbortSignal): Promise<LearnerLessonProgress[]> {
  const res = await request('/api/learner/progress', signal ? { signal } : {});
  return (await res.json()) as LearnerLessonProgress[];
}

/** One lesson with its steps' text, hints and check messages (no solutions). */
export async function getLesson(id: string, signal?: AbortSignal): Promise<PublicLesson> {
  const res = await request(`/api/lessons/${encodeURIComponent(id)}`, signal ? { signal } : {});
  return (await res.json()) as PublicLesson;
}

export async function createSession(body: CreateSessionRequest, signal?: AbortSignal): Promise<CreateSessionResponse> {
  const res = await request('/api/sessions', { method: 'POST', json: body, timeoutMs: CREATE_TIMEOUT_MS, ...(signal ? { signal } : {}) });
  return (await res.json()) as CreateSessionResponse;
}

export async function getSession(c: Credentials, signal?: AbortSignal): Promise<SessionInfo> {
  const res = await request(sessionPath(c), { credentials: c, ...(signal ? { signal } : {}) });
  return (await res.json()) as SessionInfo;
}

/** Starts a stopped (or stuck) engine again; resolves with the running session. */
export async function restartEngine(c: Credentials, signal?: AbortSignal): Promise<SessionInfo> {
  const res = await request(sessionPath(c, '/restart'), { method: 'POST', credentials: c, timeoutMs: CREATE_TIMEOUT_MS, ...(signal ? { signal } : {}) });
  return (await res.json()) as SessionInfo;
}

export async function endSession(c: Credentials): Promise<void> {
  await request(sessionPath(c), { method: 'DELETE', credentials: c });
}

/** Runs the lesson's checks now (they also run by themselves after each command and save). */
export async function checkProgress(c: Credentials): Promise<StepProgress[]> {
  // Checks run against the engine (HTTP probes time out after 5 s each): allow for a slow round.
  const res = await request(sessionPath(c, '/check'), { method: 'POST', credentials: c, timeoutMs: 60_000 });
  return ((await res.json()) as { steps: StepProgress[] }).steps;
}

/** A step's solution, fetched only when the learner asks to see it. */
export async function getSolution(c: Credentials, step: string): Promise<SolutionAction[]> {
  const res = await request(`${sessionPath(c, '/solution')}?step=${encodeURIComponent(step)}`, { credentials: c });
  return (await res.json()) as SolutionAction[];
}

export async function listCommands(c: Credentials): Promise<CommandLogEntry[]> {
  const res = await request(sessionPath(c, '/commands'), { credentials: c });
  return (await res.json()) as CommandLogEntry[];
}

export async function listFiles(c: Credentials, dir: string): Promise<FileEntry[]> {
  const res = await request(withPath(sessionPath(c, '/files'), dir || '.'), { credentials: c });
  return (await res.json()) as FileEntry[];
}

export async function readFile(c: Credentials, path: string): Promise<ArrayBuffer> {
  const res = await request(withPath(sessionPath(c, '/file'), path), { credentials: c });
  return res.arrayBuffer();
}

export async function writeFile(c: Credentials, path: string, content: string | Blob): Promise<void> {
  await request(withPath(sessionPath(c, '/file'), path), { method: 'PUT', body: content, credentials: c });
}

/** Deletes a file, or a directory with everything in it. */
export async function deleteFile(c: Credentials, path: string): Promise<void> {
  await request(withPath(sessionPath(c, '/file'), path), { method: 'DELETE', credentials: c });
}

export async function makeDirectory(c: Credentials, path: string): Promise<void> {
  await request(withPath(sessionPath(c, '/dir'), path), { method: 'POST', credentials: c });
}

export async function renameFile(c: Credentials, from: string, to: string): Promise<void> {
  const body: RenameRequest = { from, to };
  await request(sessionPath(c, '/rename'), { method: 'POST', json: body, credentials: c });
}

function socketUrl(path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** Opens terminal `term` of the session; the caller owns (and must close) the socket. */
export function openTerminalSocket(c: Credentials, term: string): WebSocket {
  const query = `token=${encodeURIComponent(c.token)}&term=${encodeURIComponent(term)}`;
  return new WebSocket(socketUrl(`${sessionPath(c, '/terminal')}?${query}`));
}

/** Where the server proxies a port the learner published, for a preview tab. */
export function previewUrl(sessionId: string, port: number): string {
  return `/s/${encodeURIComponent(sessionId)}/p/${port}/`;
}

// Workshops. Learners join with a code; instructors sign in once with their
// secret, and the HttpOnly cookie that sets opens the instructor routes (and
// the event stream and websockets, which cannot carry a bearer header).

/** Joins a workshop: a seat, and a session of its first lesson (the session cookie is set too). */
export async function joinWorkshop(body: JoinWorkshopRequest): Promise<JoinWorkshopResponse> {
  // Joining starts an engine, like creating a session.
  const res = await request('/api/workshops/join', { method: 'POST', json: body, timeoutMs: CREATE_TIMEOUT_MS });
  return (await res.json()) as JoinWorkshopResponse;
}

/** Signs the instructor in (401 for a wrong secret). */
export async function signInInstructor(secret: string): Promise<void> {
  await request('/api/instructor/session', { method: 'POST', json: { secret } });
}

export async function signOutInstructor(): Promise<void> {
  await request('/api/instructor/session', { method: 'DELETE' });
}

function workshopPath(id: string, sub = ''): string {
  return `/api/workshops/${encodeURIComponent(id)}${sub}`;
}

/** The signed-in instructor's workshops (401 when not signed in). */
export async function listWorkshops(signal?: AbortSignal): Promise<Workshop[]> {
  const res = await request('/api/workshops', signal ? { signal } : {});
  return (await res.json()) as Workshop[];
}

export async function createWorkshop(body: CreateWorkshopRequest): Promise<Workshop> {
  const res = await request('/api/workshops', { method: 'POST', json: body });
  return (await res.json()) as Workshop;
}

export async function getWorkshop(id: string, signal?: AbortSignal): Promise<Workshop> {
  const res = await request(workshopPath(id), signal ? { signal } : {});
  return (await res.json()) as Workshop;
}

/** Extends or ends a workshop; ending stops every learner's engine. */
export async function updateWorkshop(id: string, body: UpdateWorkshopRequest): Promise<Workshop> {
  // Ending stops the engines one by one before answering.
  const res = await request(workshopPath(id), { method: 'PATCH', json: body, timeoutMs: 120_000 });
  return (await res.json()) as Workshop;
}

/** Shows a message to every learner of the workshop. */
export async function broadcast(id: string, message: string): Promise<void> {
  const body: BroadcastRequest = { message };
  await request(workshopPath(id, '/broadcast'), { method: 'POST', json: body });
}

export async function workshopProgress(id: string, signal?: AbortSignal): Promise<LearnerProgress[]> {
  const res = await request(workshopPath(id, '/progress'), signal ? { signal } : {});
  return (await res.json()) as LearnerProgress[];
}

/** Where the workshop's results download from (the cookie authorizes the link). */
export function workshopExportUrl(id: string, format: 'csv' | 'json'): string {
  return workshopPath(id, format === 'csv' ? '/export?format=csv' : '/export');
}

/** The workshop's live progress events (`progress`); the caller owns (and must close) the stream. */
export function openWorkshopEvents(id: string): EventSource {
  return new EventSource(workshopPath(id, '/events'));
}

function learnerPath(workshop: string, session: string, sub: string): string {
  return workshopPath(workshop, `/sessions/${encodeURIComponent(session)}${sub}`);
}

/** A learner's workspace folder, read-only, for their instructor. */
export async function listLearnerFiles(workshop: string, session: string, dir: string): Promise<FileEntry[]> {
  const res = await request(withPath(learnerPath(workshop, session, '/files'), dir || '.'));
  return (await res.json()) as FileEntry[];
}

export async function readLearnerFile(workshop: string, session: string, path: string): Promise<ArrayBuffer> {
  const res = await request(withPath(learnerPath(workshop, session, '/file'), path));
  return res.arrayBuffer();
}

/** A read-only view of a learner's terminal `term`: the same output, input ignored. */
export function openLearnerTerminalSocket(workshop: string, session: string, term: string): WebSocket {
  return new WebSocket(socketUrl(`${learnerPath(workshop, session, '/terminal')}?term=${encodeURIComponent(term)}`));
}
