// Lesson text to safe HTML: markdown by `marked`, code highlighted by a
// highlight.js core with only the languages lessons use, everything passed
// through DOMPurify. Loaded lazily (import('./markdown')): only lessons need it.
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import json from 'highlight.js/lib/languages/json';
import yaml from 'highlight.js/lib/languages/yaml';
import { Marked, type Tokens } from 'marked';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('dockerfile', dockerfile);
hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);
hljs.registerAliases(['sh', 'shell', 'console', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['compose'], { languageName: 'yaml' });

/** Fenced blocks in these languages (or none) are commands, so they get a "run" button. */
const RUNNABLE = new Set(['', 'bash', 'sh', 'shell', 'console', 'zsh']);

export function isRunnable(lang: string): boolean {
  return RUNNABLE.has(lang.toLowerCase());
}

/** Code as highlighted HTML (escaped); plain escaped text for languages we do not load. */
export function highlight(code: string, lang: string): string {
  const language = lang.toLowerCase();
  if (language && hljs.getLanguage(language)) return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  return escapeHtml(code);
}

/** Guesses a file's language from its name, for solution files. */
export function languageOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'dockerfile' || name.endsWith('.dockerfile') || name.startsWith('dockerfile.')) return 'dockerfile';
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.sh')) return 'bash';
  return '';
}

const marked = new Marked({
  gfm: true,
  renderer: {
    // The language goes on <pre> as data-lang, where the lesson panel finds it to add run/copy buttons.
    code({ text, lang }: Tokens.Code): string {
      const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
      const langAttr = escapeHtml(language);
      return `<pre data-lang="${langAttr}"><code class="hljs${language ? ` language-${langAttr}` : ''}">${highlight(text.replace(/\n$/, ''), language)}</code></pre>\n`;
    },
  },
});

// Lesson links lead away from the IDE: open them in a new tab, without giving it this window.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const PURIFY = {
  // No forms, styles or embedded documents in lesson text; data-lang is ours (set above).
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
  FORBID_ATTR: ['style'],
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: ['data-lang'],
};

/** A markdown document (a step's text, a hint) as sanitized HTML. */
export function renderMarkdown(markdown: string): string {
  return DOMPurify.sanitize(marked.parse(markdown, { async: false }), PURIFY);
}

/** One line of markdown (a check's message) as sanitized inline HTML, without a wrapping <p>. */
export function renderInline(markdown: string): string {
  return DOMPurify.sanitize(marked.parseInline(markdown, { async: false }), PURIFY);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
