import { describe, expect, it } from 'vitest';
import { qwenLanguageFor } from '../src/config/locales.ts';
import { QWEN_LANGUAGES } from '../src/config/qwen-languages.ts';
import { pack, unpack } from '../src/segments/pack.ts';
import { checkTokens, protect, restore } from '../src/segments/placeholders.ts';

describe('locale mapping', () => {
  it.each([
    ['zh-Hans', 'Chinese'], ['zh-CN', 'Chinese'], ['zh', 'Chinese'], ['zh-Hant', 'Traditional Chinese'], ['zh-TW', 'Traditional Chinese'],
    ['zh-HK', 'Traditional Chinese'], ['zh_TW', 'Traditional Chinese'], ['zh-Hant-SG', 'Traditional Chinese'], ['pt-BR', 'Portuguese'], ['pt_PT', 'Portuguese'],
    ['nb', 'Norwegian Bokmål'], ['no', 'Norwegian Bokmål'], ['nn', 'Norwegian Nynorsk'], ['de-CH', 'German'], ['en-US', 'English'],
    ['fa', 'Western Persian'], ['fil', 'Tagalog'], ['yue', 'Cantonese'], ['acq', 'Ta’izzi-Adeni Arabic'], ['sr-Latn', 'Serbian'], ['ja', 'Japanese'],
  ])('%s → %s', (code, name) => {
    expect(qwenLanguageFor(code)?.name).toBe(name);
  });

  it('knows all 92 languages by code and by name, and nothing else', () => {
    expect(QWEN_LANGUAGES).toHaveLength(92);
    for (const l of QWEN_LANGUAGES) {
      expect(qwenLanguageFor(l.code)?.name).toBe(l.name);
      expect(qwenLanguageFor(l.name)?.name).toBe(l.name);
    }
    expect(QWEN_LANGUAGES.filter((l) => l.lite)).toHaveLength(31);
    for (const bad of ['xx', 'klingon', 'tlh', '']) expect(qwenLanguageFor(bad)).toBeUndefined();
  });
});

describe('placeholders', () => {
  it('keeps surrounding white space aside and restores it', () => {
    const p = protect('  Name: {{name}} \n');
    expect(p).toMatchObject({ text: 'Name: {0}', lead: '  ', trail: ' \n' });
    expect(restore(p, 'Nom : {0}')).toBe('  Nom : {{name}} \n');
  });

  it('does not take a percent sign in prose for printf', () => {
    expect(protect('50% off, 100 % sure').tokens).toEqual([]);
    expect(protect('%d%% done').tokens).toEqual(['%d', '%%']);
  });

  it('reports lost, repeated and invented tokens', () => {
    const p = protect('Hi {name}, {count} left');
    expect(checkTokens(p, 'Salut {0}, {1} restants')).toBeNull();
    expect(checkTokens(p, 'Salut {0}, restants')).toBe('placeholder {1} lost');
    expect(checkTokens(p, 'Salut {0} {0}, {1}')).toBe('placeholder {0} repeated');
    expect(checkTokens(p, 'Salut {0}, {1} {2}')).toBe('unknown placeholder {2} added');
  });
});

describe('packing', () => {
  it('round-trips several segments, multi-line ones included', () => {
    const texts = ['One', 'Two\nlines', 'Three {0}'];
    expect(unpack(pack(texts), 3)).toEqual({ ok: true, texts });
    expect(pack(['solo'])).toBe('solo');
  });

  it('keeps a segment that itself starts with a number', () => {
    const texts = ['One', '3. starts with a number', 'Last {0}'];
    expect(unpack(pack(texts), 3)).toEqual({ ok: true, texts });
  });

  it('refuses a reply whose segments are missing, merged, out of order or extra', () => {
    expect(unpack('1. a\n2. b', 3)).toMatchObject({ ok: false, reason: 'segment 3 of 3 is missing' });
    expect(unpack('1. a\n3. b\n2. c', 3)).toMatchObject({ ok: false });
    expect(unpack('intro 1. a\n2. b', 2)).toMatchObject({ ok: false, reason: 'the reply does not start with segment 1' });
    expect(unpack('1. a\n2. b\n3. c', 2)).toMatchObject({ ok: false, reason: 'more than 2 segments came back' });
  });
});
