// VitePress's anchors: @mdit-vue/shared's `slugify`, numbered by markdown-it-anchor (`setup`, `setup-1`).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/g;
const SPECIAL = /[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g;
const COMBINING = /[\u0300-\u036F]/g;

/** Slugs as a VitePress site gives its headings, one document's worth (repeats get `-1`, `-2`, …). */
export class VitepressSlugger {
  private readonly taken = new Set<string>();

  slug(text: string): string {
    const base = text
      .normalize('NFKD')
      .replace(COMBINING, '')
      .replace(CONTROL, '')
      .replace(SPECIAL, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^(\d)/, '_$1')
      .toLowerCase();
    let slug = base;
    for (let i = 1; this.taken.has(slug); i++) slug = `${base}-${i}`;
    this.taken.add(slug);
    return slug;
  }
}
