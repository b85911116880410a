// Server errors as real Error objects: the API's {error, message} body plus
// the HTTP status, and a status of 0 when the server could not be reached.
import type { ErrorBody } from '@dockyard/sandbox-server/protocol';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no answer came back (network down, server gone). */
    readonly status: number,
    /** The API's machine-readable code, e.g. "not_found"; "unreachable" for status 0. */
    readonly code: string,
    message: string,
    /** From a 429's Retry-After header. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

/** Builds the ApiError for a response that is not ok, from its JSON body when it has one. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line.
  }
  const retry = Number(res.headers.get('retry-after'));
  return new ApiError(
    res.status,
    typeof body.error === 'string' ? body.error : `http_${res.status}`,
    typeof body.message === 'string' ? body.message : `The server answered ${res.status} ${res.statusText}.`.trim(),
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}

/** Any thrown value as an ApiError: fetch's TypeError means the server is unreachable. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof DOMException && err.name === 'TimeoutError') {
    return new ApiError(0, 'unreachable', 'The server did not answer in time.');
  }
  return new ApiError(0, 'unreachable', 'The server cannot be reached. Check your connection.');
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
