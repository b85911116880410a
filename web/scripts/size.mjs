// Prints web/dist's performance figures from the Vite manifest: the JS that
// index.html loads up front (entry and its static imports), the lazily
// loaded Monaco chunk(s), lesson renderer and instructor pages, and all CSS,
// each gzipped.
// Figures only; no verdict.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifestPath = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error('No build found: run `npm run build` in web/ first.');
  process.exit(1);
}
/** @type {Record<string, {file: string, src?: string, isEntry?: boolean, isDynamicEntry?: boolean, imports?: string[], dynamicImports?: string[], css?: string[]}>} */
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

/** Files reached from `keys` through static imports only. */
function staticClosure(keys) {
  const seen = new Set();
  const walk = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) walk(dep);
  };
  keys.forEach(walk);
  return seen;
}

const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
const initial = staticClosure(entries);
const initialFiles = [...initial].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));

// The Monaco chunk(s): what the lazily imported editor host loads beyond the initial JS.
const editorEntries = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry && /lib\/editor\/host\.ts$/.test(k));
const monacoKeys = [...staticClosure(editorEntries)].filter((k) => !initial.has(k));
const monacoFiles = monacoKeys.map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));

// The lesson renderer (marked, highlight.js, DOMPurify): loaded when a session follows a lesson.
const lessonEntries = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry && /lib\/client\/markdown\.ts$/.test(k));
const lessonFiles = [...staticClosure(lessonEntries)].filter((k) => !initial.has(k)).map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));

// The instructor's pages (sign-in, workshops, dashboard): loaded only on /instructor.
const instructorEntries = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry && /routes\/instructor\/Instructor\.svelte$/.test(k));
const instructorFiles = [...staticClosure(instructorEntries)].filter((k) => !initial.has(k)).map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));

const cssFiles = [...new Set(Object.values(manifest).flatMap((c) => [...(c.css ?? []), ...(c.file.endsWith('.css') ? [c.file] : [])]))];

const sum = (files) => files.reduce((n, f) => n + gz(f), 0);
const rows = [
  ['initial JS (index.html: entry + static imports)', initialFiles],
  ['Monaco chunk(s) (lazy, editor)', monacoFiles],
  ['lesson renderer (lazy, lessons only)', lessonFiles],
  ['instructor pages (lazy, /instructor only)', instructorFiles],
  ['CSS (all)', cssFiles],
];

const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${'what'.padEnd(width)}  files  gzip KB`);
for (const [name, files] of rows) console.log(`${name.padEnd(width)}  ${String(files.length).padStart(5)}  ${kb(sum(files)).padStart(7)}`);
console.log('');
console.log('initial JS files:', initialFiles.join(', '));
