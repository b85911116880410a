// Evaluates one lesson check against a session: its command log, its engine's
// state and its workspace. Where a check fails near a match, it says what is
// off ("a container runs from nginx, but port 8080 is not published").
import type {
  Check,
  ComposeCheck,
  ContainerCheck,
  FileCheck,
  ImageCheck,
  NetworkCheck,
  VolumeCheck,
} from '@dockyard/lessons/model';
import { matchCommand, normalizeImage } from '@dockyard/lessons/command-match';
import type { CommandLogEntry } from '../protocol.js';
import type { EngineState, InnerContainer } from './engine-state.js';

export interface CheckContext {
  state: EngineState;
  commands: CommandLogEntry[];
  /** A workspace file's content, or null when it does not exist. */
  readFile(path: string): Promise<string | null>;
  /** Runs a bash script in the engine, in /workspace. */
  runScript(script: string): Promise<{ exitCode: number; stdout: string }>;
}

export interface CheckOutcome {
  passed: boolean;
  /** What is off, when the check can tell more than its message. */
  detail?: string;
}

export async function evaluate(check: Check, ctx: CheckContext): Promise<CheckOutcome> {
  switch (check.kind) {
    case 'command':
      return { passed: ctx.commands.some((entry) => matchCommand(check, entry)) };
    case 'container':
      return containerCheck(check, await ctx.state.containers());
    case 'image':
      return imageCheck(check, ctx);
    case 'volume':
      return volumeCheck(check, ctx);
    case 'network':
      return networkCheck(check, ctx);
    case 'compose':
      return composeCheck(check, await ctx.state.containers());
    case 'http': {
      // A server started by the command just before needs a moment to listen: retry briefly.
      const script =
        'code=$(curl -s -m 5 --retry 4 --retry-all-errors --retry-delay 0 --retry-max-time 3 -o /tmp/.dockyard-http -w "%{http_code}" "$1"); echo "$code"; head -c 65536 /tmp/.dockyard-http 2>/dev/null';
      const { stdout } = await ctx.runScript(`set -- ${shellQuote(check.url)}; ${script}`);
      const [status = '000', ...body] = stdout.split('\n');
      const expected = check.status ?? 200;
      if (Number(status) !== expected) {
        return { passed: false, detail: status === '000' ? `nothing answers at ${check.url}` : `${check.url} answered ${status}, not ${expected}` };
      }
      if (check.contains && !body.join('\n').includes(check.contains)) {
        return { passed: false, detail: `${check.url} answers, but its page does not contain “${check.contains}”` };
      }
      return { passed: true };
    }
    case 'file':
      return fileCheck(check, await ctx.readFile(check.path));
    case 'script':
      return { passed: (await ctx.runScript(check.script)).exitCode === 0 };
  }
}

/** Each criterion of a container check, with how to say it is not met. */
function containerCriteria(check: ContainerCheck): [(c: InnerContainer) => boolean, string][] {
  const criteria: [(c: InnerContainer) => boolean, string][] = [];
  if (check.name) criteria.push([(c) => c.Name.replace(/^\//, '') === check.name, `it is not named ${check.name}`]);
  if (check.state) criteria.push([(c) => c.State.Status === check.state, `it is ${'{state}'}, not ${check.state}`]);
  if (check.port) {
    const [host, inner] = check.port.split(':');
    criteria.push([
      (c) => (c.HostConfig.PortBindings?.[`${inner}/tcp`] ?? []).some((b) => b.HostPort === host),
      `port ${host} is not published to its port ${inner}`,
    ]);
  }
  for (const [key, value] of Object.entries(check.env ?? {})) {
    criteria.push([(c) => (c.Config.Env ?? []).includes(`${key}=${value}`), `its environment has no ${key}=${value}`]);
  }
  if (check.mount) {
    const m = check.mount;
    criteria.push([
      (c) =>
        c.Mounts.some(
          (x) => x.Destination === m.destination && (!m.type || x.Type === m.type) && (!m.source || x.Name === m.source || x.Source === m.source),
        ) ||
        // `--tmpfs PATH` appears only in the host config, not among the mounts.
        ((!m.type || m.type === 'tmpfs') && !m.source && m.destination in (c.HostConfig.Tmpfs ?? {})),
      `nothing${m.source ? ` from ${m.source}` : ''} is mounted at ${m.destination}${m.type ? ` as a ${m.type}` : ''}`,
    ]);
  }
  if (check.network) criteria.push([(c) => check.network! in c.NetworkSettings.Networks, `it is not on the network ${check.network}`]);
  if (check.restart) {
    criteria.push([(c) => (c.HostConfig.RestartPolicy.Name || 'no') === check.restart, `its restart policy is not ${check.restart}`]);
  }
  if (check.user !== undefined) criteria.push([(c) => c.Config.User === check.user, `it does not run as user ${check.user}`]);
  return criteria;
}

export function containerCheck(check: ContainerCheck, containers: InnerContainer[]): CheckOutcome {
  const fromImage = check.image ? containers.filter((c) => normalizeImage(c.Config.Image) === normalizeImage(check.image!)) : containers;
  const criteria = containerCriteria(check);
  const matching = fromImage.filter((c) => criteria.every(([ok]) => ok(c)));
  if (check.absent) {
    return matching.length === 0 ? { passed: true } : { passed: false, detail: `${describe(matching[0]!)} still exists` };
  }
  if (matching.length >= (check.count ?? 1)) return { passed: true };
  if (matching.length > 0) return { passed: false, detail: `${matching.length} matching container(s), ${check.count} needed` };
  // Closest miss: a container from the right image that fails the fewest criteria.
  const near = fromImage
    .map((c) => ({ c, misses: criteria.filter(([ok]) => !ok(c)) }))
    .sort((a, b) => a.misses.length - b.misses.length)[0];
  if (!near) return { passed: false, detail: check.image ? `no container runs from ${check.image}` : 'there is no such container' };
  const [, why] = near.misses[0]!;
  return { passed: false, detail: `${describe(near.c)} exists, but ${why.replace('{state}', near.c.State.Status)}` };
}

function describe(c: InnerContainer): string {
  return `a container from ${c.Config.Image} (${c.Name.replace(/^\//, '')})`;
}

async function imageCheck(check: ImageCheck, ctx: CheckContext): Promise<CheckOutcome> {
  const found = await ctx.state.image(check.tag);
  if (check.absent) return found ? { passed: false, detail: `the image ${check.tag} still exists` } : { passed: true };
  if (!found) return { passed: false, detail: `there is no image ${check.tag}` };
  const { image, history } = found;
  const config = image.Config;
  const fail = (detail: string): CheckOutcome => ({ passed: false, detail: `the image ${check.tag} exists, but ${detail}` });
  const layers = image.RootFS.Layers?.length ?? 0;
  if (check.maxLayers !== undefined && layers > check.maxLayers) return fail(`it has ${layers} layers (at most ${check.maxLayers})`);
  for (const port of check.exposes ?? []) {
    if (!(`${port}/tcp` in (config.ExposedPorts ?? {}))) return fail(`it does not expose port ${port}`);
  }
  if (check.cmd && !sameList(config.Cmd, check.cmd)) return fail(`its CMD is ${JSON.stringify(config.Cmd ?? [])}`);
  if (check.entrypoint && !sameList(config.Entrypoint, check.entrypoint)) return fail(`its ENTRYPOINT is ${JSON.stringify(config.Entrypoint ?? [])}`);
  if (check.user !== undefined && (config.User ?? '') !== check.user) return fail(`it runs as ${config.User || 'root'}`);
  if (check.sizeBelowMB !== undefined && image.Size >= check.sizeBelowMB * 1e6) {
    return fail(`it is ${(image.Size / 1e6).toFixed(0)} MB (it should be below ${check.sizeBelowMB} MB)`);
  }
  if (check.historyContains && !history.some((h) => h.CreatedBy.includes(check.historyContains!))) {
    return fail(`no layer was made by “${check.historyContains}”`);
  }
  for (const [key, value] of Object.entries(check.labels ?? {})) {
    if (config.Labels?.[key] !== value) return fail(`it has no label ${key}=${value}`);
  }
  for (const [key, value] of Object.entries(check.env ?? {})) {
    if (!(config.Env ?? []).includes(`${key}=${value}`)) return fail(`its environment has no ${key}=${value}`);
  }
  return { passed: true };
}

async function volumeCheck(check: VolumeCheck, ctx: CheckContext): Promise<CheckOutcome> {
  const volume = (await ctx.state.volumes()).find((v) => v.Name === check.name);
  if (check.absent) return volume ? { passed: false, detail: `the volume ${check.name} still exists` } : { passed: true };
  if (!volume) return { passed: false, detail: `there is no volume ${check.name}` };
  if (check.driver && volume.Driver !== check.driver) return { passed: false, detail: `its driver is ${volume.Driver}` };
  if (!labelsMatch(volume.Labels, check.labels)) return { passed: false, detail: 'its labels differ' };
  if (check.usedBy) {
    const user = (await ctx.state.containers()).find((c) => c.Name === `/${check.usedBy}`);
    if (!user?.Mounts.some((m) => m.Type === 'volume' && m.Name === check.name)) {
      return { passed: false, detail: `the volume exists, but ${check.usedBy} does not mount it` };
    }
  }
  return { passed: true };
}

async function networkCheck(check: NetworkCheck, ctx: CheckContext): Promise<CheckOutcome> {
  const network = await ctx.state.network(check.name);
  if (check.absent) return network ? { passed: false, detail: `the network ${check.name} still exists` } : { passed: true };
  if (!network) return { passed: false, detail: `there is no network ${check.name}` };
  if (check.driver && network.Driver !== check.driver) return { passed: false, detail: `its driver is ${network.Driver}` };
  if (!labelsMatch(network.Labels, check.labels)) return { passed: false, detail: 'its labels differ' };
  const attached = new Set(Object.values(network.Containers ?? {}).map((c) => c.Name));
  const missing = (check.containers ?? []).filter((name) => !attached.has(name));
  if (missing.length) return { passed: false, detail: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not attached to ${check.name}` };
  return { passed: true };
}

export function composeCheck(check: ComposeCheck, containers: InnerContainer[]): CheckOutcome {
  for (const [service, wanted] of Object.entries(check.services)) {
    const need = wanted === true ? 1 : wanted;
    const running = containers.filter(
      (c) =>
        c.State.Running &&
        c.Config.Labels?.['com.docker.compose.service'] === service &&
        (!check.project || c.Config.Labels?.['com.docker.compose.project'] === check.project),
    ).length;
    if (running < need) return { passed: false, detail: `the service ${service} has ${running} running container(s), ${need} needed` };
  }
  return { passed: true };
}

export function fileCheck(check: FileCheck, content: string | null): CheckOutcome {
  if (check.absent) return content === null ? { passed: true } : { passed: false, detail: `${check.path} still exists` };
  if (content === null) return { passed: false, detail: `there is no file ${check.path}` };
  if (check.contains && !content.includes(check.contains)) return { passed: false, detail: `${check.path} does not contain “${check.contains}”` };
  if (check.matches && !new RegExp(check.matches, 'm').test(content)) return { passed: false, detail: `${check.path} does not look right yet` };
  if (check.dockerfile) {
    const counts = dockerfileInstructions(content);
    for (const [instruction, atLeast] of Object.entries(check.dockerfile)) {
      const n = counts.get(instruction.toUpperCase()) ?? 0;
      if (n < atLeast) return { passed: false, detail: `${check.path} has ${n} ${instruction} instruction(s), ${atLeast} needed` };
    }
  }
  return { passed: true };
}

/** Instruction counts of a Dockerfile: logical lines (joined at `\`), comments skipped. */
export function dockerfileInstructions(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let continued = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!continued && line && !line.startsWith('#')) {
      const word = line.split(/\s+/)[0]!.toUpperCase();
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    if (line.startsWith('#') && continued) continue;
    continued = line.endsWith('\\');
  }
  return counts;
}

function sameList(actual: string[] | null | undefined, expected: string[]): boolean {
  return JSON.stringify(actual ?? []) === JSON.stringify(expected);
}

function labelsMatch(actual: Record<string, string> | null, expected: Record<string, string> | undefined): boolean {
  return Object.entries(expected ?? {}).every(([k, v]) => actual?.[k] === v);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
