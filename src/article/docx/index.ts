/**
 * Word documents (`.docx`, from Word, Google Docs or LibreOffice): mammoth turns the document
 * into HTML, which is read as an HTML fragment is (src/article/html/). The Title style (else
 * the first Heading 1) is the title, the Subtitle style the lead; the first picture becomes the
 * article image, extracted into a private temporary folder that is removed when the process
 * ends. mammoth is told never to read files the document links to (only what is inside it).
 *
 * Loaded only for such articles, with mammoth from its own bundle (dist/vendor/docx.cjs).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadClient } from '../../clients/load.js';
import type * as DocxLibraries from '../../clients/docx.js';
import { htmlArticle, loadHtmlLibraries } from '../html/index.js';
import { articleError } from '../located.js';
import type { ArticleInput, ParseOptions } from '../parse.js';
import type { Article, MediaRef } from '../types.js';
import { zipDeclared } from './zip.js';

let mammothLoaded: Promise<typeof DocxLibraries> | undefined;

/** Word's styles as HTML mammoth does not write by default. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1.doc-title:fresh",
  "p[style-name='Subtitle'] => p.subtitle:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Quotations'] => blockquote > p:fresh",
  "p[style-name='Caption'] => figcaption:fresh",
  "p[style-name='caption'] => figcaption:fresh",
  "r[style-name='Emphasis'] => em",
  "r[style-name='Strong Emphasis'] => strong",
  "r[style-name='Source Text'] => code",
];

/** Picture types the channels take, by the type Word records for them. */
const PICTURES: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/gif': '.gif', 'image/webp': '.webp' };

/** A Word document larger than this is not an article (and may be a zip bomb). */
const MAX_BYTES = 50_000_000;

/** What a Word document may unpack to, and its parts at most (a zip bomb claims more). */
const MAX_EXPANDED = 200_000_000;
const MAX_ENTRIES = 10_000;

/** Folders made for extracted pictures, removed when the process ends. */
const made: string[] = [];
let cleanupRegistered = false;

function privateFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'publish-docx-'));
  made.push(dir);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', removeExtracted);
  }
  return dir;
}

/** Removes every folder of extracted pictures (at exit; tests call it). */
export function removeExtracted(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Reads a `.docx` article. Throws a one-line `ArticleError`. */
export async function readDocxArticle(input: ArticleInput, opts: ParseOptions): Promise<Article> {
  const { source } = input;
  const bytes = typeof input.text === 'string' ? Buffer.from(input.text, 'latin1') : input.text;
  if (bytes.length > MAX_BYTES) throw articleError(source, `is ${Math.round(bytes.length / 1_000_000)} MB, more than a story's Word document should be: save it without embedded media`);
  if (bytes.length < 4 || bytes.readUInt32BE(0) !== 0x504b0304) {
    throw articleError(source, 'is not a Word document (.docx): save it from Word, Google Docs or LibreOffice as "Word Document (.docx)"');
  }
  const declared = zipDeclared(bytes);
  if (declared !== undefined && (declared.uncompressed > MAX_EXPANDED || declared.entries > MAX_ENTRIES)) {
    const what = declared.entries > MAX_ENTRIES ? `${declared.entries} parts` : `${declared.uncompressed === Infinity ? 'more than 4 GB' : `${Math.round(declared.uncompressed / 1_000_000)} MB`} once unpacked`;
    throw articleError(source, `holds ${what}, more than a story's Word document does (it may be a zip bomb): open it in Word or LibreOffice and save it again as .docx`);
  }
  const [{ mammoth }, html] = await Promise.all([(mammothLoaded ??= loadClient('docx', () => import('../../clients/docx.js'))), loadHtmlLibraries()]);

  let image: MediaRef | undefined;
  let folder: string | undefined;
  const convertImage = mammoth.images.imgElement(async (picture) => {
    const ext = PICTURES[picture.contentType.toLowerCase()];
    if (image === undefined && ext !== undefined) {
      folder = privateFolder();
      const path = join(folder, `picture${ext}`);
      writeFileSync(path, await picture.readAsBuffer(), { mode: 0o600 });
      image = { ref: `picture${ext}`, path };
    }
    return { src: '' };
  });
  let converted: { value: string };
  try {
    converted = await mammoth.convertToHtml({ buffer: bytes }, { styleMap: STYLE_MAP, convertImage, externalFileAccess: false });
  } catch (cause) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw articleError(source, `cannot be read as a Word document (${why}): open it in Word or LibreOffice and save it again as .docx`, undefined, cause);
  }
  // One paragraph a line: a dropped paragraph is reported by its number in the document.
  const text = converted.value.replace(/(<\/(?:p|h[1-6]|li|figcaption|blockquote|table|tr|ul|ol)>)/g, '$1\n');
  if (text.trim() === '') throw articleError(source, 'has no text: write the story in the document, or check the file');
  // The document's folder stays its `dir` unless it has a picture: then the private folder
  // holding the picture is, so the media rules (files only inside `dir`) still apply.
  return htmlArticle(
    { source, text, dir: folder ?? input.dir },
    opts,
    html,
    {
      what: 'document',
      titleSelector: 'h1.doc-title',
      ...(image === undefined ? {} : { image }),
      origin: resolve(input.dir, source.split(/[\\/]/).pop() ?? source),
      sourceBytes: bytes,
    },
  );
}
