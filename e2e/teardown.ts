// After the e2e run: release every engine the test server left (learners'
// sessions outlive the browser by design), then its state directory.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../sandbox-server/dist/config.js';
import { DockerEngineProvider } from '../sandbox-server/dist/engines/docker.js';

export default async function teardown(): Promise<void> {
  const stateDir = process.env.E2E_STATE;
  if (!stateDir) return;
  const config = loadConfig({ ...process.env, DOCKYARD_STATE: stateDir });
  const engines = new DockerEngineProvider({ config: config.engine, sessionsDir: join(stateDir, 'sessions') });
  for (const engine of await engines.list()) await engines.remove(engine.session);
  rmSync(stateDir, { recursive: true, force: true });
}
