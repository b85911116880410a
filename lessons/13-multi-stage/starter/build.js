// Generates the static site: one HTML file per entry of content/pages.json,
// written to dist/. Node's standard library only.
const fs = require('node:fs');
const path = require('node:path');

const site = JSON.parse(fs.readFileSync(path.join(__dirname, 'content', 'pages.json'), 'utf8'));
const out = path.join(__dirname, 'dist');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out);

const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const nav = site.pages.map((p) => `<a href="${p.file}">${escape(p.heading)}</a>`).join(' | ');
const built = new Date().toISOString();

for (const page of site.pages) {
  const html = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>${escape(site.title)}</title></head>
  <body>
    <nav>${nav}</nav>
    <h1>${escape(page.heading)}</h1>
    <p>${escape(page.text)}</p>
    <footer>Built ${built} with Node.js ${process.version}</footer>
  </body>
</html>
`;
  fs.writeFileSync(path.join(out, page.file), html);
  console.log(`built dist/${page.file}`);
}
