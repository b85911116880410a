// What the checks know of a session's engine: its own Docker API, read from
// inside the engine in as few execs as possible, cached for one check round.
import type { EngineProvider } from '../engines/provider.js';

export interface InnerContainer {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean };
  Config: { Image: string; Env: string[] | null; User: string; Labels: Record<string, string> | null };
  HostConfig: { RestartPolicy: { Name: string }; Tmpfs?: Record<string, string> | null; PortBindings: Record<string, { HostIp: string; HostPort: string }[] | null> | null };
  NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null; Networks: Record<string, unknown> };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string }[];
}

export interface InnerImage {
  Id: string;
  RepoTags: string[] | null;
  Size: number;
  RootFS: { Layers?: string[] };
  Config: {
    ExposedPorts?: Record<string, unknown> | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    User?: string;
    Labels?: Record<string, string> | null;
    Env?: string[] | null;
  };
}

export interface InnerHistory {
  CreatedBy: string;
}

export interface InnerVolume {
  Name: string;
  Driver: string;
  Labels: Record<string, string> | null;
}

export interface InnerNetwork {
  Name: string;
  Driver: string;
  Labels: Record<string, string> | null;
  Containers: Record<string, { Name: string }> | null;
}

interface ApiAnswer {
  status: number;
  body: unknown;
}

// Fetches each path from the engine's Docker socket; prints body, status, NUL.
const FETCH_SCRIPT =
  'for p in "$@"; do curl -sS --max-time 10 --unix-socket /var/run/docker.sock -w "\\n%{http_code}" "http://engine$p"; printf "\\0"; done';

export class EngineState {
  private containersCache: Promise<InnerContainer[]> | null = null;
  private readonly cache = new Map<string, Promise<ApiAnswer>>();

  constructor(
    private readonly engines: EngineProvider,
    readonly engine: string,
  ) {}

  /** Every container in the engine, running or not, fully inspected. */
  containers(): Promise<InnerContainer[]> {
    this.containersCache ??= (async () => {
      const list = (await this.get('/containers/json?all=1')) as { Id: string }[];
      if (list.length === 0) return [];
      const answers = await this.fetch(list.map((c) => `/containers/${c.Id}/json`));
      return answers.filter((a) => a.status === 200).map((a) => a.body as InnerContainer);
    })();
    return this.containersCache;
  }

  /** The image with this reference and its history, or null if there is none. */
  async image(reference: string): Promise<{ image: InnerImage; history: InnerHistory[] } | null> {
    const ref = encodeURIComponent(reference);
    const [image, history] = await this.fetchCached([`/images/${ref}/json`, `/images/${ref}/history`]);
    if (image?.status !== 200) return null;
    return { image: image.body as InnerImage, history: (history?.body as InnerHistory[]) ?? [] };
  }

  async volumes(): Promise<InnerVolume[]> {
    return ((await this.get('/volumes')) as { Volumes: InnerVolume[] | null }).Volumes ?? [];
  }

  async network(name: string): Promise<InnerNetwork | null> {
    const [answer] = await this.fetchCached([`/networks/${encodeURIComponent(name)}`]);
    return answer?.status === 200 ? (answer.body as InnerNetwork) : null;
  }

  private async get(path: string): Promise<unknown> {
    const [answer] = await this.fetchCached([path]);
    if (answer?.status !== 200) throw new Error(`engine API ${path} answered ${answer?.status}`);
    return answer.body;
  }

  private async fetchCached(paths: string[]): Promise<(ApiAnswer | undefined)[]> {
    const missing = paths.filter((p) => !this.cache.has(p));
    if (missing.length) {
      const all = this.fetch(missing);
      missing.forEach((p, i) => this.cache.set(p, all.then((answers) => answers[i] ?? { status: 0, body: null })));
    }
    return Promise.all(paths.map((p) => this.cache.get(p)));
  }

  private async fetch(paths: string[]): Promise<ApiAnswer[]> {
    const result = await this.engines.exec(this.engine, ['bash', '-c', FETCH_SCRIPT, 'fetch', ...paths], { timeoutMs: 20_000 });
    const parts = result.stdout.toString('utf8').split('\0').slice(0, paths.length);
    return parts.map((part) => {
      const cut = part.lastIndexOf('\n');
      const status = Number(part.slice(cut + 1));
      let body: unknown = null;
      try {
        body = JSON.parse(part.slice(0, cut));
      } catch {
        // Not JSON (an error page or nothing): the status says enough.
      }
      return { status, body };
    });
  }
}
