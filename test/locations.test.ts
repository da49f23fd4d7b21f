import { describe, expect, it } from 'vitest';
import { jsonFormat } from '../src/formats/json/json-format.ts';
import { markdownFormat } from '../src/formats/markdown/markdown-format.ts';
import { unitLocation } from '../src/segments/segment.ts';
import { targetContext } from './helpers/target-context.ts';

const target = targetContext('de');

describe('locations as file:line:column', () => {
  it('JSON units: the line and column of their string', () => {
    const text = '{\n  "a": "Hello",\n  "nested": { "b": "Bye" }\n}\n';
    const units = jsonFormat.units(jsonFormat.parse({ path: 'en.json', text }), target);
    expect(units.map((u) => unitLocation('en.json', u))).toEqual(['en.json:2:8', 'en.json:3:20']);
  });

  it('Markdown units: where their text starts, in containers too', () => {
    const text = '# Title\n\n> Quoted text\n\n- item one\n';
    const units = markdownFormat.units(markdownFormat.parse({ path: 'a.md', text }), target);
    expect(units.map((u) => unitLocation('a.md', u))).toEqual(['a.md:1:3', 'a.md:3:3', 'a.md:5:3']);
  });

  it('as much as is known', () => {
    expect(unitLocation('a.po', { line: 12 })).toBe('a.po:12');
    expect(unitLocation('a.po', {})).toBe('a.po');
  });
});
