// Instructor authentication: a bearer secret from configuration. Each secret
// is one instructor, known by a hash of it; a learner's session token is
// recognised and refused with 403 rather than 401.
import type { IncomingMessage } from 'node:http';
import { Forbidden, Unauthorized } from './errors.js';
import { cookies } from './http/request.js';
import type { Store } from './store.js';
import { hashToken } from './tokens.js';

export const INSTRUCTOR_COOKIE = 'dockyard_instructor';

export class InstructorAuth {
  private readonly instructors: Map<string, string>;

  constructor(
    secrets: string[],
    private readonly store: Store,
  ) {
    this.instructors = new Map(secrets.map((s) => [hashToken(s), hashToken(s).slice(0, 16)]));
  }

  /** True when the secret is an instructor's (for signing in). */
  knows(secret: string): boolean {
    return this.instructors.has(hashToken(secret));
  }

  /**
   * The instructor behind the request (bearer secret, or the sign-in cookie
   * for browsers, whose EventSource and websockets cannot set headers),
   * else 401 (no or unknown secret) or 403 (a learner's token).
   */
  identify(req: IncomingMessage): string {
    const auth = req.headers.authorization;
    const secret = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : (cookies(req)[INSTRUCTOR_COOKIE] ?? '');
    if (!secret) throw new Unauthorized('Instructor routes need the instructor secret as a bearer token.');
    const hash = hashToken(secret);
    const instructor = this.instructors.get(hash);
    if (instructor) return instructor;
    if (this.store.findSessionByTokenHash(hash)) throw new Forbidden('A learner token does not open instructor routes.');
    throw new Unauthorized('This instructor secret is not valid.');
  }
}
