// Instructor authentication: a bearer secret from configuration. Each secret
// is one instructor, known by a hash of it; a learner's session token is
// recognised and refused with 403 rather than 401.
import type { IncomingMessage } from 'node:http';
import { Forbidden, Unauthorized } from './errors.js';
import type { Store } from './store.js';
import { hashToken } from './tokens.js';

export class InstructorAuth {
  private readonly instructors: Map<string, string>;

  constructor(
    secrets: string[],
    private readonly store: Store,
  ) {
    this.instructors = new Map(secrets.map((s) => [hashToken(s), hashToken(s).slice(0, 16)]));
  }

  /** The instructor behind the request, or 401 (no or unknown secret) / 403 (a learner's token). */
  identify(req: IncomingMessage): string {
    const auth = req.headers.authorization;
    const secret = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!secret) throw new Unauthorized('Instructor routes need the instructor secret as a bearer token.');
    const hash = hashToken(secret);
    const instructor = this.instructors.get(hash);
    if (instructor) return instructor;
    if (this.store.findSessionByTokenHash(hash)) throw new Forbidden('A learner token does not open instructor routes.');
    throw new Unauthorized('This instructor secret is not valid.');
  }
}
