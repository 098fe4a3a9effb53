/** Word documents: mammoth's HTML read as a fragment; the first picture is the article image. */
import { readFileSync, existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readArticleFile } from '../../src/article/index.js';
import { removeExtracted } from '../../src/article/docx/index.js';
import { expectArticleRejection } from './expect-error.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const opts = { cwd: root, strip: [], defaultLanguage: 'en' };
const DOCX = 'tests/article/inputs/story.docx';

afterAll(() => removeExtracted());

describe('a .docx made by LibreOffice', () => {
  it('takes the title from the first heading, the lead from the first paragraph, marks and links kept', async () => {
    const a = await readArticleFile(DOCX, opts);
    expect(a.id).toBe('story');
    expect(a.title).toBe('Kharkiv’s metro school opens for a second winter');
    expect(a.lead).toMatch(/^More than 1,200 children/);
    expect(a.bodyHtml).toContain('<strong>Universytet station</strong>');
    expect(a.bodyHtml).toContain('<a href="https://babel.example.org/en/kharkiv-schools/">our report from the first term</a>');
    expect(a.body.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'heading', 'list', 'paragraph', 'quote', 'paragraph']);
    expect(a.dropped.map((d) => d.reason)).toEqual(['read-also link', 'error-report prompt']);
    // Read again when a scheduled post is due: from the document, not the picture's folder.
    expect(a.origin).toBe(join(root, DOCX));
  });

  it('extracts its first picture into a private folder, which becomes the article folder', async () => {
    const a = await readArticleFile(DOCX, opts);
    expect(a.image?.ref).toBe('picture.png');
    const path = a.image!.path!;
    expect(readFileSync(path)).toEqual(readFileSync(join(root, 'tests/article/inputs/picture.png')));
    expect(dirname(path)).toBe(a.dir);
    expect(a.dir.startsWith(tmpdir())).toBe(true);
    removeExtracted();
    expect(existsSync(path)).toBe(false);
  });
});

describe('a .docx with Word\'s Title and Subtitle styles', () => {
  it('takes its title and lead from them, and has no image without a picture', async () => {
    const a = await readArticleFile('tests/article/inputs/styled.docx', opts);
    expect(a.title).toBe('Odesa’s ferry to Izmail runs again');
    expect(a.lead).toBe('The Danube crossing reopened on Friday after a month of repairs to the landing stage.');
    expect(a.body.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', 'The first ferry left at 7 a.m. with forty cars and a bus of pilgrims, the port authority said. Read our report on the Danube ports.'],
      ['heading', 'What the repairs cost'],
      ['paragraph', 'The landing stage cost 12 million hryvnias to rebuild.'],
    ]);
    expect(a.bodyHtml).toContain('<strong>forty cars</strong>');
    expect(a.bodyHtml).toContain('<em>12 million hryvnias</em>');
    expect(a.dropped.map((d) => d.reason)).toEqual(['subscription prompt']);
    expect(a.image).toBeUndefined();
    expect(a.dir).toBe(join(root, 'tests/article/inputs'));
  });
});

describe('bad Word documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'publish-docx-bad-'));
  const local = { ...opts, cwd: dir };
  it('a zip that is not a Word document', async () => {
    const bytes = readFileSync(join(root, DOCX));
    // A zip header, then garbage: corrupt.
    writeFileSync(join(dir, 'corrupt.docx'), Buffer.concat([bytes.subarray(0, 40), Buffer.alloc(200, 7)]));
    await expectArticleRejection(readArticleFile('corrupt.docx', local), 'corrupt.docx', 'cannot be read as a Word document', 'save it again as .docx');
  });
  it('a zip bomb (parts that claim gigabytes) is refused before it is unpacked', async () => {
    const bytes = Buffer.from(readFileSync(join(root, DOCX)));
    const entry = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(3_000_000_000, entry + 24); // the first part's uncompressed size
    writeFileSync(join(dir, 'bomb.docx'), bytes);
    await expectArticleRejection(readArticleFile('bomb.docx', local), 'bomb.docx', 'holds 3000 MB once unpacked', 'zip bomb');
  });
  it('a text file named .docx', async () => {
    writeFileSync(join(dir, 'text.docx'), 'Title\n\nBody.\n');
    await expectArticleRejection(readArticleFile('text.docx', local), 'text.docx', 'is not a Word document');
  });
});
