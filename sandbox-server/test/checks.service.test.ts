// Every check kind against a real engine: each one is shown failing on a
// state that does not meet it, then passing once the learner's state does.
import type { Check } from '@dockyard/lessons/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressService } from '../src/checks/progress.js';
import { evaluate } from '../src/checks/evaluate.js';
import type { App } from '../src/app.js';
import { FilesService } from '../src/files.js';
import type { CreateSessionResponse } from '../src/protocol.js';
import { type Api, startApp, type TerminalProbe } from './harness.js';

let app: App;
let api: Api;
let stopApp: () => Promise<void>;
let session: CreateSessionResponse;
let term: TerminalProbe;
let progress: ProgressService;
let engine: string;

beforeAll(async () => {
  ({ app, api, stop: stopApp } = await startApp());
  session = await api.createSession();
  term = await api.terminal(session);
  engine = app.store.getSession(session.id)!.engine;
  progress = new ProgressService(app.engines, new FilesService(app.engines, 1024 * 1024), app.store, () => {});
});

afterAll(async () => {
  await term?.close();
  await stopApp?.();
});

/** The check's outcome on the engine's state right now. */
async function check(spec: Check) {
  return evaluate(spec, progress.context(engine, app.store.commands(session.id)));
}

describe('state checks against a real engine', () => {
  it('container: image, state, port, env, mount, network, restart policy, user', async () => {
    const spec: Check = {
      kind: 'container', image: 'nginx', name: 'web', state: 'running', port: '8080:80', env: { MODE: 'demo' },
      mount: { destination: '/data', type: 'volume', source: 'webdata' }, network: 'shop', restart: 'unless-stopped', user: '',
      message: 'run nginx as asked',
    };
    expect(await check(spec)).toMatchObject({ passed: false, detail: 'no container runs from nginx' });
    await term.ok('docker network create shop && docker run -d --name web -e MODE=demo -v webdata:/data --network shop --restart unless-stopped -p 8081:80 nginx');
    expect(await check(spec)).toMatchObject({ passed: false, detail: expect.stringMatching(/nginx \(web\) exists, but port 8080 is not published/) });
    await term.ok('docker rm -f web && docker run -d --name web -e MODE=demo -v webdata:/data --network shop --restart unless-stopped -p 8080:80 nginx');
    expect(await check(spec)).toEqual({ passed: true });
    await term.ok('docker stop web');
    expect(await check(spec)).toMatchObject({ passed: false, detail: expect.stringMatching(/but it is exited, not running/) });
    expect(await check({ kind: 'container', name: 'web', absent: true, message: 'remove web' })).toMatchObject({ passed: false });
    await term.ok('docker rm web');
    expect(await check({ kind: 'container', name: 'web', absent: true, message: 'remove web' })).toEqual({ passed: true });
  });

  it('image: tag, exposed ports, cmd, user, size, history, labels', async () => {
    const spec: Check = {
      kind: 'image', tag: 'shop:1.0', exposes: [8000], cmd: ['sleep', '60'], user: 'nobody', sizeBelowMB: 20,
      historyContains: 'EXPOSE', labels: { team: 'shop' }, message: 'build shop:1.0',
    };
    expect(await check(spec)).toMatchObject({ passed: false, detail: 'there is no image shop:1.0' });
    await api.request('PUT', `/api/sessions/${session.id}/file?path=shop/Dockerfile`, {
      token: session.token,
      raw: 'FROM busybox\nLABEL team=shop\nEXPOSE 8000\nUSER nobody\nCMD ["sleep", "60"]\n',
    });
    await term.ok('docker build -t shop:1.0 /workspace/shop');
    expect(await check(spec)).toEqual({ passed: true });
    expect(await check({ ...spec, sizeBelowMB: 1 })).toMatchObject({ passed: false, detail: expect.stringMatching(/should be below 1 MB/) });
    expect(await check({ ...spec, user: 'root' })).toMatchObject({ passed: false, detail: expect.stringMatching(/runs as nobody/) });
    expect(await check({ ...spec, maxLayers: 0 })).toMatchObject({ passed: false, detail: expect.stringMatching(/layers \(at most 0\)/) });
    expect(await check({ kind: 'image', tag: 'shop', message: 'shop:latest' })).toMatchObject({ passed: false });
  });

  it('volume and network: existence, use and attachment', async () => {
    const volume: Check = { kind: 'volume', name: 'notes', usedBy: 'writer', message: 'a notes volume used by writer' };
    const network: Check = { kind: 'network', name: 'backend', containers: ['writer'], message: 'writer on backend' };
    expect(await check(volume)).toMatchObject({ passed: false, detail: 'there is no volume notes' });
    expect(await check(network)).toMatchObject({ passed: false, detail: 'there is no network backend' });
    await term.ok('docker volume create notes && docker network create backend');
    expect(await check(volume)).toMatchObject({ passed: false, detail: expect.stringMatching(/writer does not mount it/) });
    expect(await check(network)).toMatchObject({ passed: false, detail: 'writer is not attached to backend' });
    await term.ok('docker run -d --name writer -v notes:/notes --network backend busybox sleep 600');
    expect(await check(volume)).toEqual({ passed: true });
    expect(await check(network)).toEqual({ passed: true });
  });

  it('compose: services running with counts', async () => {
    const spec: Check = { kind: 'compose', services: { web: 2, cache: true }, message: 'two web, one cache' };
    expect(await check(spec)).toMatchObject({ passed: false });
    await api.request('PUT', `/api/sessions/${session.id}/file?path=stack/compose.yaml`, {
      token: session.token,
      raw: 'services:\n  web:\n    image: busybox\n    command: sleep 600\n  cache:\n    image: redis\n',
    });
    await term.ok('cd /workspace/stack && docker compose up -d');
    expect(await check(spec)).toMatchObject({ passed: false, detail: 'the service web has 1 running container(s), 2 needed' });
    await term.ok('docker compose up -d --scale web=2 && cd /workspace');
    expect(await check(spec)).toEqual({ passed: true });
    expect(await check({ ...spec, project: 'other' })).toMatchObject({ passed: false });
  });

  it('http: status and body, fetched from inside the engine', async () => {
    const spec: Check = { kind: 'http', url: 'http://localhost:8090/', contains: 'Welcome to nginx!', message: 'nginx on 8090' };
    expect(await check(spec)).toMatchObject({ passed: false, detail: 'nothing answers at http://localhost:8090/' });
    await term.ok('docker run -d -p 8090:80 nginx && curl -fs --retry 20 --retry-all-errors --retry-delay 0 -o /dev/null localhost:8090');
    expect(await check(spec)).toEqual({ passed: true });
    expect(await check({ ...spec, url: 'http://localhost:8090/missing' })).toMatchObject({ passed: false, detail: expect.stringMatching(/answered 404/) });
  });

  it('file: existence, content and Dockerfile instructions', async () => {
    const spec: Check = { kind: 'file', path: 'multi/Dockerfile', dockerfile: { FROM: 2 }, contains: 'AS build', message: 'two stages' };
    expect(await check(spec)).toMatchObject({ passed: false, detail: 'there is no file multi/Dockerfile' });
    await api.request('PUT', `/api/sessions/${session.id}/file?path=multi/Dockerfile`, { token: session.token, raw: 'FROM busybox AS build\n# FROM in a comment\nRUN echo \\\n  FROM continued\n' });
    expect(await check(spec)).toMatchObject({ passed: false, detail: 'multi/Dockerfile has 1 FROM instruction(s), 2 needed' });
    await api.request('PUT', `/api/sessions/${session.id}/file?path=multi/Dockerfile`, { token: session.token, raw: 'FROM busybox AS build\nRUN echo hi\nfrom busybox\nCOPY --from=build /bin/echo /echo\n' });
    expect(await check(spec)).toEqual({ passed: true });
    expect(await check({ kind: 'file', path: 'multi/Dockerfile', matches: '^COPY --from=build', message: 'copy' })).toEqual({ passed: true });
  });

  it('script: passes when it exits 0 in the workspace', async () => {
    const spec: Check = { kind: 'script', script: 'test -f marker && docker ps -q | grep -q .', message: 'marker and a container' };
    expect(await check(spec)).toEqual({ passed: false });
    await term.ok('touch /workspace/marker');
    expect(await check(spec)).toEqual({ passed: true });
  });

  it('command: reads the command log of the session', async () => {
    const spec: Check = { kind: 'command', command: 'docker volume ls', message: 'list volumes' };
    expect(await check(spec)).toEqual({ passed: false });
    await term.ok('docker volume ls');
    expect(await check(spec)).toEqual({ passed: true });
  });
});
