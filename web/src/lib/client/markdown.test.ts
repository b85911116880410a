// @vitest-environment jsdom
// Lesson text is rendered with {@html}: nothing in it may run script, and code blocks must keep what the panel needs.
import { describe, expect, it } from 'vitest';
import { highlight, isRunnable, languageOf, renderInline, renderMarkdown } from './markdown';

/** Parses rendered HTML the way the browser will, to inspect elements rather than strings. */
function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('renderMarkdown', () => {
  it('renders markdown', () => {
    const root = dom(renderMarkdown('A **container** runs from an `image`.\n\n- one\n- two'));
    expect(root.querySelector('strong')?.textContent).toBe('container');
    expect(root.querySelector('code')?.textContent).toBe('image');
    expect(root.querySelectorAll('li')).toHaveLength(2);
  });

  it('makes injected HTML inert', () => {
    const html = renderMarkdown(
      [
        'Hello <img src=x onerror=alert(1)>',
        '',
        '<script>alert(2)</script>',
        '',
        '<a href="javascript:alert(3)">click</a> <svg onload=alert(4)></svg>',
        '',
        '<iframe src="https://example.com"></iframe> <p style="position:fixed" onclick="alert(5)">x</p>',
        '',
        '[md link](javascript:alert(6)) <button onclick="alert(7)">b</button>',
      ].join('\n'),
    );
    const root = dom(html);
    expect(root.querySelector('script, iframe, button, [style]')).toBeNull();
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.attributes) expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
    }
    for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    expect(html).not.toMatch(/alert\(2\)/);
    // The harmless parts stay.
    expect(root.querySelector('img')?.getAttribute('src')).toBe('x');
    expect(root.textContent).toContain('Hello');
  });

  it('opens links in a new tab without handing over the window', () => {
    const a = dom(renderMarkdown('[Docker docs](https://docs.docker.com/)')).querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://docs.docker.com/');
    expect(a?.getAttribute('target')).toBe('_blank');
    expect(a?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('highlights fenced code and labels it with its language', () => {
    const root = dom(renderMarkdown('```bash\ndocker run -d nginx # in the background\n```\n\n```dockerfile\nFROM nginx\n```'));
    const [shell, dockerfile] = root.querySelectorAll('pre');
    expect(shell?.dataset.lang).toBe('bash');
    expect(shell?.textContent).toBe('docker run -d nginx # in the background');
    expect(shell?.querySelector('.hljs-comment')?.textContent).toBe('# in the background');
    expect(dockerfile?.dataset.lang).toBe('dockerfile');
    expect(dockerfile?.querySelector('.hljs-keyword')?.textContent).toBe('FROM');
  });

  it('escapes code in unknown languages and keeps script in code blocks as text', () => {
    const root = dom(renderMarkdown('```"><img src=x onerror=alert(1)>\n<script>alert(1)</script>\n```'));
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.querySelector('pre')?.textContent).toBe('<script>alert(1)</script>');
  });
});

describe('renderInline', () => {
  it('renders a check message without a paragraph, and inert', () => {
    const html = renderInline('Run a container from the `busybox` image <img src=x onerror=alert(1)>.');
    const root = dom(html);
    expect(root.querySelector('p')).toBeNull();
    expect(root.querySelector('code')?.textContent).toBe('busybox');
    expect(root.querySelector('img')?.hasAttribute('onerror')).toBe(false);
  });
});

describe('code helpers', () => {
  it('knows which blocks are commands', () => {
    expect(isRunnable('bash')).toBe(true);
    expect(isRunnable('')).toBe(true);
    expect(isRunnable('Dockerfile')).toBe(false);
    expect(isRunnable('yaml')).toBe(false);
  });

  it('guesses solution files’ languages', () => {
    expect(languageOf('Dockerfile')).toBe('dockerfile');
    expect(languageOf('app/compose.yaml')).toBe('yaml');
    expect(languageOf('index.html')).toBe('');
  });

  it('escapes what it cannot highlight', () => {
    expect(highlight('<b>&</b>', 'html')).toBe('&#60;b&#62;&#38;&#60;/b&#62;');
  });
});
