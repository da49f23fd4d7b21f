import { describe, expect, it } from 'vitest';
import { parsePo } from '../src/formats/po/po-blocks.ts';
import { pseudoLocalise } from '../src/providers/pseudo-provider.ts';
import { protect, splitSpace } from '../src/segments/placeholders.ts';

// Content arrives in pull requests: a long run of white space inside a text must cost time in proportion to it.
// The patterns these replace tried every run to the text's end: 16–37 s for each case below, where the
// linear code takes milliseconds. The time limit only tells a hang from a pass, a thousandfold apart.
const GAP = ' '.repeat(200_000);
const HANG = { timeout: 5_000 };

describe('long runs of white space', () => {
  it('are split off a text as before, in linear time', HANG, () => {
    expect(splitSpace(' \n a  b \t')).toEqual({ lead: ' \n ', core: 'a  b', trail: ' \t' });
    expect(splitSpace('   ')).toEqual({ lead: '   ', core: '', trail: '' });
    expect(splitSpace('\u00a0x\u2003')).toEqual({ lead: '\u00a0', core: 'x', trail: '\u2003' });
    const p = protect(`a${GAP}b {name} `);
    expect([p.text.length, p.trail]).toEqual([200_006, ' ']);
  });

  it('inside a catalogue are kept between its blocks', HANG, () => {
    const file = parsePo(`msgid "a"\nmsgstr ""\n${'\n'.repeat(100_000)}${GAP}\nmsgid "b"\nmsgstr ""\n${GAP}`);
    expect(file.blocks.filter((b) => b.kind === 'entry').length).toBe(2);
  });

  it('before closing tokens stay outside the pseudo-localised brackets', HANG, () => {
    expect(pseudoLocalise('Save {0} \n{1}')).toMatch(/^［.+］ \{0\} \n\{1\}$/);
    expect(pseudoLocalise(`Save${GAP}x {0}`)).toMatch(/ \{0\}$/);
  });
});
