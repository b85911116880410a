// Asks the host's Docker which learner engines run: engines carry a
// `dockyard.session` label with their session's id.
import Docker from 'dockerode';

const docker = new Docker();

/** The ids among `sessions` whose engine container is still running. */
export async function runningEngines(sessions: string[]): Promise<string[]> {
  const running = await docker.listContainers({ filters: { label: ['dockyard.session'], status: ['running'] } });
  const live = new Set(running.map((c) => c.Labels['dockyard.session']));
  return sessions.filter((id) => live.has(id));
}

/** Kills a session's engine, as running out of memory or a host problem would. */
export async function stopEngine(session: string): Promise<void> {
  await docker.getContainer(`dockyard-${session}`).kill();
}
