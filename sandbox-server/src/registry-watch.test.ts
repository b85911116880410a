import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RegistryWatch } from './registry-watch.js';

describe('RegistryWatch', () => {
  it('is up while the registry answers, down when it stops, and up again when it is back', async () => {
    let healthy = true;
    const server = createServer((_req, res) => res.writeHead(healthy ? 200 : 503).end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/`;
    const watch = new RegistryWatch(url);
    try {
      expect(await watch.probe()).toBe(true);
      healthy = false;
      expect(await watch.probe()).toBe(false);
      healthy = true;
      expect(await watch.probe()).toBe(true);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      expect(await watch.probe()).toBe(false);
      expect(watch.up).toBe(false);
    } finally {
      server.close();
    }
  });
});
