// Named errors of the services, each mapped to one HTTP status and the one
// JSON error shape of the API ({error, message}).
import type { ErrorBody } from './protocol.js';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): ErrorBody {
    return { error: this.code, message: this.message };
  }
}

export class BadRequest extends AppError {
  constructor(message: string) { super(400, 'bad_request', message); }
}
export class Unauthorized extends AppError {
  constructor(message = 'This needs a session token.') { super(401, 'unauthorized', message); }
}
export class Forbidden extends AppError {
  constructor(message = 'This token does not open this session.') { super(403, 'forbidden', message); }
}
export class NotFound extends AppError {
  constructor(message: string) { super(404, 'not_found', message); }
}
export class Conflict extends AppError {
  constructor(message: string) { super(409, 'conflict', message); }
}
export class PayloadTooLarge extends AppError {
  constructor(message: string) { super(413, 'payload_too_large', message); }
}
export class TooManyRequests extends AppError {
  constructor(message: string, readonly retryAfterSeconds: number) { super(429, 'too_many_requests', message); }
}
/** The session's engine is not running (stopped, crashed, or still starting). */
export class EngineUnavailable extends AppError {
  constructor(message: string) { super(503, 'engine_unavailable', message); }
}
export class OutOfCapacity extends AppError {
  constructor(message: string) { super(503, 'out_of_capacity', message); }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError(500, 'internal', 'Something went wrong on the server. Try again; if it persists, tell your instructor.');
}
