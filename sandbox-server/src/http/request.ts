// Small helpers for node:http handlers: reading bodies within limits, sending
// JSON and the one error shape, finding a request's session token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, BadRequest, PayloadTooLarge, toAppError } from '../errors.js';
import type { CreateSessionResponse } from '../protocol.js';

export const JSON_BODY_LIMIT = 64 * 1024;

/** Reads the whole body, refusing (413) as soon as it passes `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new PayloadTooLarge(`The request body is larger than the ${Math.round(limit / 1024)} KiB limit.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLarge(`The request body is larger than the ${Math.round(limit / 1024)} KiB limit.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, JSON_BODY_LIMIT);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const error = toAppError(err);
  if (!(err instanceof AppError)) console.error('[dockyard] unexpected error:', err);
  const headers: Record<string, string> = {};
  if ('retryAfterSeconds' in error) headers['retry-after'] = String(error.retryAfterSeconds);
  if (res.headersSent) return void res.destroy();
  // The rest of a refused upload is not read; close rather than drain it.
  if (error.status === 413) headers.connection = 'close';
  sendJson(res, error.status, error.toBody(), headers);
}

export const TOKEN_COOKIE_PREFIX = 'dockyard_';
/** The anonymous learner id a browser keeps, so progress follows it across sessions. */
export const LEARNER_COOKIE = 'dockyard_learner';
const LEARNER_COOKIE_SECONDS = 365 * 24 * 3600;

/**
 * Cookies for a new session: its token (so the browser opens the session's
 * previews without headers) and the learner id its progress follows.
 */
export function sessionCookies(session: CreateSessionResponse, learner: string): string[] {
  return [
    `${TOKEN_COOKIE_PREFIX}${session.id}=${session.token}; Path=/; HttpOnly; SameSite=Strict; Expires=${new Date(session.expiresAt).toUTCString()}`,
    `${LEARNER_COOKIE}=${learner}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${LEARNER_COOKIE_SECONDS}`,
  ];
}

export function learnerId(req: IncomingMessage): string | null {
  const id = cookies(req)[LEARNER_COOKIE];
  return id && /^[a-z0-9]{1,32}$/.test(id) ? id : null;
}

/** The session token: `Authorization: Bearer T`, else the session's cookie, else `?token=` (websockets). */
export function sessionToken(req: IncomingMessage, session: string, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  const cookie = cookies(req)[TOKEN_COOKIE_PREFIX + session];
  return cookie ?? url.searchParams.get('token') ?? undefined;
}

export function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of req.headers.cookie?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed cookie is someone else's; ignore it.
    }
  }
  return out;
}

export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
