// The docker CLI's flag grammar per command: which flags take a value, their short and old names, and where the image operand sits.
// Flag lists follow the docker CLI 27/28 and Compose v2 reference; a flag missing here is still parsed, by the unknown-flag rule.

export interface CommandGrammar {
  /** Canonical long name (no dashes) → whether it takes a value. */
  readonly flags: ReadonlyMap<string, { takesValue: boolean }>;
  /** One-letter name → canonical long name. */
  readonly short: ReadonlyMap<string, string>;
  /** Other long names (deprecated or alternative spellings) → canonical long name. */
  readonly aliases: ReadonlyMap<string, string>;
  /** False when flags end at the first operand (run, exec: the rest is the container's command line). */
  readonly interspersed: boolean;
  /** Which operands are images: the first (run, pull, tag), all of them (rmi), or none (build, ps). */
  readonly image: 'first' | 'all' | 'none';
}

/**
 * Builds a grammar from a compact flag list: `p|publish=` is -p/--publish taking a value, `rm` a long-only
 * boolean, `t|timeout,time=` adds the old name --time.
 */
function grammar(spec: string, options: Partial<Pick<CommandGrammar, 'interspersed' | 'image'>> = {}): CommandGrammar {
  const flags = new Map<string, { takesValue: boolean }>();
  const short = new Map<string, string>();
  const aliases = new Map<string, string>();
  for (const token of spec.split(/\s+/).filter(Boolean)) {
    const match = /^(?:([A-Za-z0-9])\|)?([A-Za-z0-9-]+)((?:,[A-Za-z0-9-]+)*)(=?)$/.exec(token);
    if (!match) throw new Error(`bad flag grammar token "${token}"`);
    const [, letter, long = '', others = '', value] = match;
    // A later definition wins over an earlier one of the same name (see compose()).
    flags.set(long, { takesValue: value === '=' });
    aliases.delete(long);
    if (letter) short.set(letter, long);
    for (const other of others.split(',').filter(Boolean)) aliases.set(other, long);
  }
  return { flags, short, aliases, interspersed: options.interspersed ?? true, image: options.image ?? 'none' };
}

/** For a command missing from the table: every flag is judged by its own spelling. */
export const UNKNOWN_COMMAND = grammar('');

/** Options of `docker` itself, before the command. */
export const DOCKER_GLOBAL = grammar(
  'config= c|context= D|debug H|host= l|log-level= tls tlscacert= tlscert= tlskey= tlsverify v|version',
  { interspersed: false },
);

const COMPOSE_OPTIONS =
  'all-resources ansi= compatibility dry-run env-file= f|file= parallel= profile= progress= project-directory,workdir= p|project-name=';

/** Options of `docker compose` (and docker-compose) before its command; they count as the command's flags. */
export const COMPOSE_GLOBAL = grammar(COMPOSE_OPTIONS, { interspersed: false });

/**
 * A Compose command's grammar: its own flags, plus Compose's options, which cobra also accepts after the command
 * (`docker compose up -p shop`); where a letter means both, the command's own wins (`logs -f` is --follow).
 */
function compose(spec: string, options: Partial<Pick<CommandGrammar, 'interspersed' | 'image'>> = {}): CommandGrammar {
  return grammar(`${COMPOSE_OPTIONS} ${spec}`, options);
}

const COMPOSE_OTHER = compose('');

const CONTAINER_CONFIG =
  'add-host= annotation= a|attach= blkio-weight= blkio-weight-device= cap-add= cap-drop= cgroup-parent= cgroupns= cidfile= ' +
  'cpu-count= cpu-percent= cpu-period= cpu-quota= cpu-rt-period= cpu-rt-runtime= c|cpu-shares= cpus= cpuset-cpus= cpuset-mems= ' +
  'device= device-cgroup-rule= device-read-bps= device-read-iops= device-write-bps= device-write-iops= disable-content-trust ' +
  'dns= dns-option,dns-opt= dns-search= domainname= entrypoint= e|env= env-file= expose= gpus= group-add= health-cmd= ' +
  'health-interval= health-retries= health-start-interval= health-start-period= health-timeout= h|hostname= init i|interactive ' +
  'io-maxbandwidth= io-maxiops= ip= ip6= ipc= isolation= kernel-memory= l|label= label-file= link= link-local-ip= log-driver= ' +
  'log-opt= mac-address= m|memory= memory-reservation= memory-swap= memory-swappiness= mount= name= network,net= ' +
  'network-alias,net-alias= no-healthcheck oom-kill-disable oom-score-adj= pid= pids-limit= platform= privileged p|publish= ' +
  'P|publish-all pull= q|quiet read-only restart= rm runtime= security-opt= shm-size= stop-signal= stop-timeout= storage-opt= ' +
  'sysctl= t|tty tmpfs= ulimit= u|user= userns= uts= v|volume= volume-driver= volumes-from= w|workdir=';

const BUILD =
  'add-host= allow= annotation= attest= build-arg= build-context= builder= cache-from= cache-to= call= cgroup-parent= check ' +
  'compress c|cpu-shares= cpu-period= cpu-quota= cpuset-cpus= cpuset-mems= disable-content-trust f|file= force-rm iidfile= ' +
  'isolation= label= load m|memory= memory-swap= metadata-file= network= no-cache no-cache-filter= o|output= platform= ' +
  'progress= provenance= pull push q|quiet rm sbom= secret= security-opt= shm-size= squash ssh= t|tag= target= ulimit=';

const STOP = 's|signal= t|timeout,time=';
const PRUNE = 'filter= f|force';

/** Keyed by canonical command path (see commands.ts). */
export const GRAMMARS: ReadonlyMap<string, CommandGrammar> = new Map([
  ['docker run', grammar(`${CONTAINER_CONFIG} d|detach detach-keys= sig-proxy`, { interspersed: false, image: 'first' })],
  ['docker create', grammar(CONTAINER_CONFIG, { interspersed: false, image: 'first' })],
  ['docker exec', grammar('d|detach detach-keys= e|env= env-file= i|interactive privileged t|tty u|user= w|workdir=', { interspersed: false })],
  ['docker build', grammar(BUILD)],
  ['docker ps', grammar('a|all f|filter= format= n|last= l|latest no-trunc q|quiet s|size')],
  ['docker images', grammar('a|all digests f|filter= format= no-trunc q|quiet tree', { image: 'first' })],
  ['docker rm', grammar('f|force l|link v|volumes')],
  ['docker rmi', grammar('f|force no-prune platform=', { image: 'all' })],
  ['docker pull', grammar('a|all-tags disable-content-trust platform= q|quiet', { image: 'first' })],
  ['docker push', grammar('a|all-tags disable-content-trust platform= q|quiet', { image: 'first' })],
  ['docker tag', grammar('', { image: 'first' })],
  ['docker logs', grammar('details f|follow since= n|tail= t|timestamps until=')],
  ['docker stop', grammar(STOP)],
  ['docker restart', grammar(STOP)],
  ['docker start', grammar('a|attach checkpoint= checkpoint-dir= detach-keys= i|interactive')],
  ['docker kill', grammar('s|signal=')],
  ['docker inspect', grammar('f|format= s|size type=')],
  ['docker top', grammar('', { interspersed: false })],
  ['docker stats', grammar('a|all format= no-stream no-trunc')],
  ['docker port', grammar('')],
  ['docker cp', grammar('a|archive L|follow-link q|quiet')],
  ['docker commit', grammar('a|author= c|change= m|message= p|pause')],
  ['docker attach', grammar('detach-keys= no-stdin sig-proxy')],
  ['docker export', grammar('o|output=')],
  ['docker update', grammar('blkio-weight= cpu-period= cpu-quota= cpu-rt-period= cpu-rt-runtime= c|cpu-shares= cpus= cpuset-cpus= cpuset-mems= m|memory= memory-reservation= memory-swap= pids-limit= restart=')],
  ['docker history', grammar('format= H|human no-trunc platform= q|quiet', { image: 'first' })],
  ['docker save', grammar('o|output= platform=', { image: 'all' })],
  ['docker load', grammar('i|input= platform= q|quiet')],
  ['docker import', grammar('c|change= m|message= platform=')],
  ['docker login', grammar('p|password= password-stdin u|username=')],
  ['docker search', grammar('f|filter= format= limit= no-trunc')],
  ['docker info', grammar('f|format=')],
  ['docker version', grammar('f|format=')],
  ['docker events', grammar('f|filter= format= since= until=')],
  ['docker image inspect', grammar('f|format= platform=', { image: 'all' })],
  ['docker image prune', grammar(`a|all ${PRUNE}`)],
  ['docker container prune', grammar(PRUNE)],
  ['docker volume create', grammar('d|driver= label= name= o|opt=')],
  ['docker volume ls', grammar('cluster f|filter= format= q|quiet')],
  ['docker volume rm', grammar('f|force')],
  ['docker volume inspect', grammar('f|format=')],
  ['docker volume prune', grammar(`a|all ${PRUNE}`)],
  ['docker network create', grammar('attachable aux-address= config-from= config-only d|driver= gateway= ingress internal ip-range= ipam-driver= ipam-opt= ipv4 ipv6 label= o|opt= scope= subnet=')],
  ['docker network connect', grammar('alias= driver-opt= gw-priority= ip= ip6= link= link-local-ip=')],
  ['docker network disconnect', grammar('f|force')],
  ['docker network ls', grammar('f|filter= format= no-trunc q|quiet')],
  ['docker network rm', grammar('f|force')],
  ['docker network inspect', grammar('f|format= v|verbose')],
  ['docker network prune', grammar(PRUNE)],
  ['docker system df', grammar('format= v|verbose')],
  ['docker system prune', grammar(`a|all ${PRUNE} volumes`)],
  ['docker compose up', compose('abort-on-container-exit abort-on-container-failure always-recreate-deps attach= attach-dependencies build d|detach exit-code-from= force-recreate menu no-attach= no-build no-color no-deps no-log-prefix no-recreate no-start pull= quiet-build quiet-pull remove-orphans V|renew-anon-volumes scale= t|timeout= timestamps wait wait-timeout= w|watch y|yes')],
  ['docker compose down', compose('remove-orphans rmi= t|timeout= v|volumes')],
  ['docker compose ps', compose('a|all filter= format= no-trunc orphans q|quiet services status=')],
  ['docker compose logs', compose('f|follow index= no-color no-log-prefix since= n|tail= t|timestamps until=')],
  ['docker compose exec', compose('d|detach e|env= index= i|interactive privileged T|no-TTY,no-tty t|tty u|user= w|workdir=', { interspersed: false })],
  ['docker compose build', compose('build-arg= builder= check m|memory= no-cache print pull push q|quiet ssh= with-dependencies')],
  ['docker compose pull', compose('ignore-buildable ignore-pull-failures include-deps policy= q|quiet')],
  ['docker compose start', compose('')],
  ['docker compose stop', compose('t|timeout=')],
  ['docker compose restart', compose('no-deps t|timeout=')],
  ['docker compose rm', compose('a|all f|force s|stop v|volumes')],
  ['docker compose run', compose('build cap-add= cap-drop= d|detach entrypoint= e|env= env-from-file= i|interactive l|label= name= T|no-TTY,no-tty no-deps p|publish= pull= quiet-build quiet-pull remove-orphans rm P|service-ports t|tty use-aliases u|user= v|volume= w|workdir=', { interspersed: false })],
  ['docker compose config', compose('environment format= hash= images lock-image-digests networks no-consistency no-env-resolution no-interpolate no-normalize no-path-resolution o|output= profiles q|quiet resolve-image-digests services variables volumes')],
  ['docker compose top', compose('')],
  ['docker compose ls', compose('a|all filter= format= q|quiet')],
  ['docker compose images', compose('format= q|quiet')],
  ['docker compose kill', compose('remove-orphans s|signal=')],
  ['docker compose create', compose('build force-recreate no-build no-recreate pull= quiet-pull remove-orphans scale= y|yes')],
]);

/** The grammar of a canonical command path; commands not in the table get the unknown-flag rule (and Compose's options). */
export function grammarOf(command: string): CommandGrammar {
  return GRAMMARS.get(command) ?? (command.startsWith('docker compose ') ? COMPOSE_OTHER : UNKNOWN_COMMAND);
}

/** A flag's canonical name for a command: `net` → `network`, `time` → `timeout`; unknown names unchanged. */
export function canonicalFlag(command: string, name: string): string {
  return grammarOf(command).aliases.get(name) ?? name;
}

/** Whether a command has a flag (canonical name); undefined when the command is not in the table. */
export function hasFlag(command: string, name: string): boolean | undefined {
  return GRAMMARS.get(command)?.flags.has(name);
}
