// Normal forms of values docker accepts in several spellings: image references, published ports, booleans.

/**
 * `nginx`, `nginx:latest`, `library/nginx` and `docker.io/library/nginx:latest` are one image; `nginx:1.26` is
 * another. A first path part with a dot or a colon, or `localhost`, is a registry host and is kept.
 */
export function normalizeImage(reference: string): string {
  let rest = reference.trim();
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : 'docker.io';
  let path = hasRegistry ? rest.slice(slash + 1) : rest;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (!tag && !digest) tag = 'latest';
  return `${registry}/${path}${tag ? `:${tag}` : ''}${digest}`;
}

/**
 * `8080:80`, `8080:80/tcp` and `0.0.0.0:8080:80` publish the same port; `127.0.0.1:8080:80` and `8080:80/udp` do not.
 * Returns `ip:host:container/proto` with an empty ip for "all addresses"; what it cannot read is returned as is.
 */
export function normalizePublish(value: string): string {
  let rest = value.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase() || 'tcp';
    rest = rest.slice(0, slash);
  }
  let ip = '';
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']:');
    if (end < 0) return value;
    ip = rest.slice(1, end);
    rest = rest.slice(end + 2);
  }
  const parts = rest.split(':');
  if (parts.length === 3 && !ip) ip = parts.shift() ?? '';
  if (parts.length > 2) return value;
  const [host, container] = parts.length === 2 ? parts : ['', parts[0]];
  if (ip === '0.0.0.0' || ip === '::') ip = '';
  return `${ip}:${host ?? ''}:${container ?? ''}/${protocol}`;
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** A boolean flag's `=value` read as the CLI reads it (Go's strconv.ParseBool): "true", "false", or the text unchanged. */
export function normalizeBool(value: string): string {
  return TRUE.has(value) ? 'true' : FALSE.has(value) ? 'false' : value;
}

/** Flag values compared in normal form; other flags compare as written. */
export function normalizeFlagValue(flag: string, value: string): string {
  if (flag === 'publish') return normalizePublish(value);
  if (flag === 'tag') return normalizeImage(value);
  return value;
}
