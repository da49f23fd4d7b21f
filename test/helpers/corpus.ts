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
