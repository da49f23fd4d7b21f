/** Front-matter keys whose values are translated by default: docs pages' and a VitePress home page's. */
export const DEFAULT_FRONT_MATTER_KEYS: readonly string[] = [
  'title', 'description', 'sidebar_label',
  'hero.text', 'hero.tagline', 'hero.actions[].text', 'hero.image.alt', 'features[].title', 'features[].details', 'features[].linkText',
];
