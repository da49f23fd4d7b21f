import { beforeAll, describe, expect, it } from 'vitest';
import { checkSegment, loadSegmentChecks } from '../src/segments/check-segment.ts';
import { pseudoLocalise } from '../src/providers/pseudo-provider.ts';
import { inventedSyntax } from '../src/segments/invented-syntax.ts';
import { protect } from '../src/segments/placeholders.ts';
import { replyShapeProblem, weightedLength } from '../src/segments/reply-shape.ts';

// Format checks load as a worker loads them, before its first job.
beforeAll(() => loadSegmentChecks());

describe('reply checks', () => {
  it('accept honest translations in other scripts, short labels and pseudo-localisation', () => {
    const honest: [string, string][] = [
      ['OK', 'Einverstanden'],
      ['Save', 'Сохранить'],
      ['Delete {0} of {1} files?', '{1} 件のファイルのうち {0} 件を削除しますか?'],
      ['设置', 'Settings'],
      ['欢迎使用我们的国际化平台。您可以在这里管理所有语言的翻译文件。', 'Welcome to our internationalisation platform. Here you can manage the translation files of every language.'],
      ['Internationalization and localization settings for the whole project', '整个项目的国际化和本地化设置'],
      ['Line one\nLine two', 'Zeile eins\nZeile zwei'],
      ['Connect with ssh://host first', 'Zuerst mit ssh://host verbinden'],
      ['Steps:\n1. Open\n2. Save', 'Schritte:\n1. Öffnen\n2. Speichern'],
      ['Save the {0} file', pseudoLocalise('Save the {0} file')],
      // From Debian's human translations: suffixes, ordinals, "the following … are:", re-wrapped help text.
      ['A valid context for {0} could not be obtained.', 'Kelvollista sisältöä {0}:lle ei pystytty saamaan.'],
      ['3rd level of Caps Lock', '3. taso vaihtolukossa'],
      ['The following packages are untrusted:', '以下是未信任软件包：'],
      ['yes, will remove {0} in favour of {1}', '好的，为了 {1} 而卸载 {0}'],
      ['Hit:{0} {1}', 'OK:{0} {1}'],
      ['Usage: tool [options]\n\nShows the state of every package on this system and more.', 'Aufruf: tool [Optionen]\n\nZeigt den Zustand jedes Pakets auf diesem\nSystem und mehr.'],
    ];
    for (const [source, reply] of honest) expect(checkSegment(source, reply), `${source} → ${reply}`).toBeNull();
  });

  it('refuse placeholders, markup and links the source lacks, in every syntax the formats protect', () => {
    for (const added of ['{{user.password}}', '$t(admin.secret)', '%n', '%(name)s', '{secret}', ':token', '&lt;', '<img src=x onerror=alert(1)>', 'https://evil.example', 'www.evil.example', 'ftp://x.example/a', 'javascript:alert(1)', 'data:text/html;base64,AAAA']) {
      const source = protect('Save the {name} file').text;
      expect(checkSegment(source, `Speichere die {0} Datei ${added}`), added).toMatch(/that the source does not have/);
    }
    expect(inventedSyntax('Click {0}', 'Klicke {0} <script>x</script>')).toBe('adds "<script>", "</script>" that the source does not have');
    // A syntax the source has as plain text (not protected) may come back once, not twice.
    expect(inventedSyntax('Use ssh://host', 'Nutze ssh://host')).toBeNull();
    expect(inventedSyntax('Use ssh://host', 'Nutze ssh://host oder ssh://host')).toMatch(/adds "ssh:\/\/host"/);
  });

  it('refuse a preamble, a note on its own line, an extra numbered segment, and a reply far too long or short', () => {
    expect(replyShapeProblem('Save changes', 'Sure! Here is the translation: Änderungen speichern')).toMatch(/preamble/);
    expect(replyShapeProblem('Save changes', 'Here is the translation:\n\nÄnderungen speichern')).toMatch(/preamble/);
    expect(replyShapeProblem('保存', '好的，以下是翻译：Save')).toMatch(/preamble/);
    expect(replyShapeProblem('Save changes', 'Änderungen speichern\n2. EXTRA SEGMENT')).toMatch(/numbered segment/);
    expect(replyShapeProblem('Save changes', 'Änderungen speichern\n\n(Note: formal register)')).toMatch(/2 lines where the source has 1/);
    expect(replyShapeProblem('Print page', 'Seite drucken '.repeat(300))).toMatch(/times as long as the source/);
    expect(replyShapeProblem('Sure: this is kept', 'Sure: this is kept')).toBeNull();
    const paragraph = 'This paragraph explains in some detail how the translation memory is kept between runs of the tool.';
    expect(replyShapeProblem(paragraph, 'OK.')).toMatch(/times as long as the source \(at least/);
  });

  it('refuse a Markdown reply nested thousands of levels deep without parsing it', () => {
    const source = 'A paragraph of some length, so that a long reply is within the length bound: ' + 'words and more words, '.repeat(80);
    expect(checkSegment(source, '- '.repeat(2_000) + 'x', 'markdown', [])).toMatch(/nests about \d+ Markdown levels deep/);
  });

  it('weigh Han, kana and Hangul characters double and leave tokens out', () => {
    expect(weightedLength('Save {0}  now')).toBe('Save now'.length);
    expect(weightedLength('保存する')).toBe(8);
    expect(weightedLength('설정')).toBe(4);
  });
});
