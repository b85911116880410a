// Starts the sandbox server with settings from the environment.
import { createApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
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
