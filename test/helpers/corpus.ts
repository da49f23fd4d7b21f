// Seeded generators of realistic source files, for tests and the benchmark.
const WORDS = 'account settings profile save cancel delete file folder upload download share invite team member project billing plan invoice payment error network retry loading search filter sort export import report dashboard message notification email password security session device language theme dark light help support document page section editor preview publish draft archive restore'.split(' ');
const TEMPLATES = ['{{count}} items', 'Hello, {{name}}!', 'Delete "{{file}}"?', '%s selected', '<b>Note:</b> changes are saved', 'Welcome to {app}'];

export function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), t | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(r: () => number, min: number, max: number): string {
  const n = min + Math.floor(r() * (max - min + 1));
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]);
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1);
}

/** A nested i18next-style JSON file of `count` distinct UI strings (3–9 words, some with placeholders). */
export function uiStringsJson(count: number, seed = 1): string {
  const r = rng(seed);
  const root: Record<string, Record<string, string>> = {};
  for (let i = 0; i < count; i++) {
    const section = `section${Math.floor(i / 50)}`;
    root[section] ??= {};
    let text = `${sentence(r, 3, 9)} ${i}`;
    if (r() < 0.3) text += ` ${TEMPLATES[Math.floor(r() * TEMPLATES.length)]}`;
    root[section][`key${i}`] = text;
  }
  return JSON.stringify(root, null, 2) + '\n';
}

/** `count` Markdown documents of about ten blocks each: headings, paragraphs with inline syntax, lists, code, a table. */
export function markdownDocs(count: number, seed = 1): Map<string, string> {
  const r = rng(seed);
  const docs = new Map<string, string>();
  for (let d = 0; d < count; d++) {
    const parts = [`---\ntitle: ${sentence(r, 2, 4)} ${d}\n---`, `# ${sentence(r, 2, 5)} ${d}`];
    for (let p = 0; p < 4; p++) {
      parts.push(`${sentence(r, 8, 20)} with \`code${p}\` and a [link](https://example.com/${d}/${p}). ${sentence(r, 6, 14)} **${sentence(r, 1, 3)}** ${d}.${p}.`);
      if (p === 1) parts.push(`- ${sentence(r, 3, 8)}\n- ${sentence(r, 3, 8)} ${d}\n- ${sentence(r, 3, 8)}`);
      if (p === 2) parts.push('```js\nconst x = ' + d + ';\n```');
    }
    parts.push(`| ${sentence(r, 1, 2)} | ${sentence(r, 1, 2)} |\n|---|---|\n| ${sentence(r, 2, 4)} ${d} | \`v${d}\` |`);
    docs.set(`doc${d}.md`, parts.join('\n\n') + '\n');
  }
  return docs;
}

/** A PO template of `count` entries (some c-format, some plural, some with context). */
export function poTemplate(count: number, seed = 1): string {
  const r = rng(seed);
  const q = (s: string) => JSON.stringify(s);
  const blocks = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'];
  for (let i = 0; i < count; i++) {
    const text = `${sentence(r, 3, 10)} ${i}`;
    if (i % 10 === 3) blocks.push(`#: src/f.c:${i}\n#, c-format\nmsgid ${q(`${text}: one item`)}\nmsgid_plural ${q(`${text}: %d items`)}\nmsgstr[0] ""\nmsgstr[1] ""\n`);
    else if (i % 10 === 7) blocks.push(`#, c-format\nmsgctxt "ctx${i % 3}"\nmsgid ${q(`${text} (%s)`)}\nmsgstr ""\n`);
    else blocks.push(`#: src/f.c:${i}\nmsgid ${q(text)}\nmsgstr ""\n`);
  }
  return blocks.join('\n');
}
