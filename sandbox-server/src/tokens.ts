// Session ids and tokens. Only a hash of each token is stored, so a copy of
// the database opens no session.
import { createHash, randomBytes } from 'node:crypto';

export function newSessionId(): string {
  // 60 bits, lower-case so it is safe in container names and host names.
  return randomBytes(8).toString('hex').slice(0, 15);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
