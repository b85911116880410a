// Docker command paths and their aliases: `docker container ls`, `docker container ps` and `docker ps` are one command.

/** Commands that group subcommands: the word after them is part of the command path. */
const MANAGEMENT = new Set([
  'builder', 'buildx', 'checkpoint', 'compose', 'config', 'container', 'context', 'image', 'manifest', 'network',
  'node', 'plugin', 'scout', 'secret', 'service', 'stack', 'swarm', 'system', 'trust', 'volume',
]);

/** `docker container X` is `docker X` for these. */
const CONTAINER_SHORTCUTS = [
  'attach', 'commit', 'cp', 'create', 'diff', 'exec', 'export', 'inspect', 'kill', 'logs', 'pause', 'port', 'rename',
  'restart', 'rm', 'run', 'start', 'stats', 'stop', 'top', 'unpause', 'update', 'wait',
];

/** `docker image X` is `docker X` for these. */
const IMAGE_SHORTCUTS = ['build', 'history', 'import', 'load', 'pull', 'push', 'save', 'tag'];

const ALIASES: ReadonlyMap<string, string> = new Map([
  ...CONTAINER_SHORTCUTS.map((sub): [string, string] => [`docker container ${sub}`, `docker ${sub}`]),
  ...IMAGE_SHORTCUTS.map((sub): [string, string] => [`docker image ${sub}`, `docker ${sub}`]),
  ['docker container ls', 'docker ps'],
  ['docker container list', 'docker ps'],
  ['docker container ps', 'docker ps'],
  ['docker container remove', 'docker rm'],
  ['docker image ls', 'docker images'],
  ['docker image list', 'docker images'],
  ['docker image rm', 'docker rmi'],
  ['docker image remove', 'docker rmi'],
  ['docker buildx build', 'docker build'],
  ['docker buildx b', 'docker build'],
  ['docker builder build', 'docker build'],
  ['docker volume list', 'docker volume ls'],
  ['docker volume remove', 'docker volume rm'],
  ['docker network list', 'docker network ls'],
  ['docker network remove', 'docker network rm'],
  ['docker compose list', 'docker compose ls'],
  ['docker compose remove', 'docker compose rm'],
  ['docker system info', 'docker info'],
  ['docker system events', 'docker events'],
]);

export function isManagementCommand(word: string): boolean {
  return MANAGEMENT.has(word);
}

/** The canonical form of a command path ("docker container run" → "docker run"). */
export function canonicalPath(path: string): string {
  return ALIASES.get(path) ?? path;
}
