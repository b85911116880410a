// Which Monaco language a workspace file is edited as, from its name.

const BY_EXTENSION: Record<string, string> = {
  yaml: 'yaml', yml: 'yaml', json: 'json', md: 'markdown', sh: 'shell', bash: 'shell',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', py: 'python',
  go: 'go', html: 'html', htm: 'html', css: 'css', xml: 'xml', sql: 'sql', ini: 'ini',
  conf: 'ini', toml: 'ini', env: 'ini', dockerfile: 'dockerfile',
};

/** Compose files, validated against the Compose specification. */
export const COMPOSE_FILE = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

export function languageFor(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const lower = name.toLowerCase();
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || lower === 'containerfile') return 'dockerfile';
  if (lower === '.env' || lower.startsWith('.env.')) return 'ini';
  // Ignore files are lines of globs and # comments: shell colouring fits.
  if (lower === '.dockerignore' || lower === '.gitignore') return 'shell';
  const dot = lower.lastIndexOf('.');
  return (dot > 0 && BY_EXTENSION[lower.slice(dot + 1)]) || 'plaintext';
}

export function isCompose(path: string): boolean {
  return COMPOSE_FILE.test(path.slice(path.lastIndexOf('/') + 1));
}
