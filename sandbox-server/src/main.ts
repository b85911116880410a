// Starts the sandbox server with settings from the environment.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app.js';
import { type Config, loadConfig } from './config.js';
import { newToken } from './tokens.js';

const config = withInstructorSecret(loadConfig());
const app = await createApp(config);
const port = await app.listen();
const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
console.log(`[dockyard] playground ready at http://${shown}:${port}/`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // Engines keep running: a restarted server adopts them.
    void app.close().then(() => process.exit(0));
  });
}

/** Without DOCKYARD_INSTRUCTOR_SECRET, a secret is made on first start, kept in the state directory and printed. */
function withInstructorSecret(config: Config): Config {
  if (config.instructorSecrets.length) return config;
  const file = join(config.stateDir, 'instructor-secret');
  if (!existsSync(file)) {
    mkdirSync(config.stateDir, { recursive: true });
    writeFileSync(file, `${newToken()}\n`, { mode: 0o600 });
  }
  const secret = readFileSync(file, 'utf8').trim();
  console.log(`[dockyard] instructor secret (from ${file}; set DOCKYARD_INSTRUCTOR_SECRET to choose one): ${secret}`);
  return { ...config, instructorSecrets: [secret] };
}
