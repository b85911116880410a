// Releases every engine, network and disk of the state directory named by
// DOCKYARD_STATE, then the directory: what a bench that ran a server of its
// own (scripts/bench.sh) does on the way out, even after a failure.
// Usage: DOCKYARD_STATE=DIR node dist/bench/release-state.js
import { loadConfig } from '../config.js';
import { releaseEngines } from './harness.js';

if (!process.env.DOCKYARD_STATE) throw new Error('DOCKYARD_STATE must name the state directory to release');
await releaseEngines(loadConfig());
