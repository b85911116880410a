// Port previews: /s/<session>/p/<port>/... reaches a port published in the
// session's engine, over HTTP and websockets, for the session's owner only
// (the session cookie set at creation, or a bearer token).
import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EngineProvider } from '../engines/provider.js';
import { BadRequest, toAppError } from '../errors.js';
import type { SessionService } from '../sessions.js';
import { TOKEN_COOKIE_PREFIX, sendError, sessionToken } from './request.js';

const PREVIEW_ROUTE = /^\/s\/([a-z0-9]{1,32})\/p\/(\d{1,5})(\/.*)?$/;

interface Target {
  prefix: string;
  host: string;
  port: number;
  path: string;
}

export class PreviewProxy {
  constructor(
    private readonly sessions: SessionService,
    private readonly engines: EngineProvider,
  ) {}

  matches(url: URL): boolean {
    return PREVIEW_ROUTE.test(url.pathname);
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const target = await this.target(req, url);
    if (target.path === '') {
      // Relative links in the app resolve against the directory: add the slash.
      res.writeHead(308, { location: `${target.prefix}/${url.search}` }).end();
      return;
    }
    const upstream = request(
      { host: target.host, port: target.port, method: req.method, path: target.path, headers: forwardHeaders(req, target) },
      (answer) => {
        const headers = { ...answer.headers };
        if (typeof headers.location === 'string' && headers.location.startsWith('/')) {
          headers.location = target.prefix + headers.location;
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
      res.end(nothingListening(target.port, (err as NodeJS.ErrnoException).code ?? err.message));
    });
    req.pipe(upstream);
  }

  /** Websocket (or any upgrade) through to the engine, byte for byte after the request line. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    void this.target(req, url).then(
      (target) => {
        const upstream = connect(target.port, target.host, () => {
          const headers = forwardHeaders(req, target);
          const lines = [`${req.method} ${target.path || '/'} HTTP/1.1`];
          for (const [name, value] of Object.entries(headers)) {
            for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) lines.push(`${name}: ${v}`);
          }
          upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
          if (head.length) upstream.write(head);
          upstream.pipe(socket);
          socket.pipe(upstream);
        });
        const close = () => {
          upstream.destroy();
          socket.destroy();
        };
        upstream.on('error', close);
        socket.on('error', close);
        socket.on('close', close);
      },
      (err) => {
        const error = toAppError(err);
        socket.end(`HTTP/1.1 ${error.status} ${error.code}\r\nconnection: close\r\n\r\n`);
      },
    );
  }

  private async target(req: IncomingMessage, url: URL): Promise<Target> {
    const [, id = '', portText = '', rest] = PREVIEW_ROUTE.exec(url.pathname) ?? [];
    const port = Number(portText);
    if (port < 1 || port > 65535) throw new BadRequest('Ports go from 1 to 65535.');
    const session = this.sessions.authorize(id, sessionToken(req, id, url));
    this.sessions.touch(id);
    const engine = await this.sessions.runningEngine(session);
    const search = new URLSearchParams(url.search);
    search.delete('token');
    const query = search.size ? `?${search}` : '';
    return {
      prefix: `/s/${id}/p/${port}`,
      host: await this.engines.address(engine),
      port,
      path: rest === undefined ? '' : rest + query,
    };
  }
}

/** Handles a preview request, answering errors in the API's JSON shape. */
export async function servePreview(proxy: PreviewProxy, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    await proxy.handle(req, res, url);
  } catch (err) {
    sendError(res, err);
  }
}

function forwardHeaders(req: IncomingMessage, target: Target): Record<string, string | string[] | undefined> {
  const headers: Record<string, string | string[] | undefined> = { ...req.headers };
  // The learner's app needs neither our cookie nor our token.
  delete headers.authorization;
  if (typeof headers.cookie === 'string') {
    const kept = headers.cookie
      .split(';')
      .map((c) => c.trim())
      .filter((c) => c && !c.startsWith(TOKEN_COOKIE_PREFIX));
    if (kept.length) headers.cookie = kept.join('; ');
    else delete headers.cookie;
  }
  headers.host = `localhost:${target.port}`;
  headers['x-forwarded-prefix'] = target.prefix;
  headers['x-forwarded-host'] = req.headers.host;
  return headers;
}

function nothingListening(port: number, reason: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Nothing on port ${port} yet</title>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>Nothing answers on port ${port} yet</h1>
<p>Your engine has no container listening on port ${port} (${reason.replace(/[<>&]/g, '')}).</p>
<p>Publish one with, for example, <code>docker run -d -p ${port}:80 nginx</code>, then reload this page.</p>
</body>`;
}
