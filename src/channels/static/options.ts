/** What a `type: static` channel takes and writes. */
import { webUrl, z } from '../../zod.js';

/** Options of a `type: static` channel (Hugo, Jekyll, Astro, Eleventy content folders). */
export const staticOptions = z.object({
  /** The site's content folder, relative to channels.yaml. */
  dir: z.string().min(1),
  /** Where the site is served, e.g. https://example.org/news. */
  base_url: webUrl(),
  /** `markdown`: front matter + body; `html`: a standalone fragment page. @default markdown */
  format: z.enum(['markdown', 'html']).default('markdown'),
  /** File path under `dir`; `{yyyy} {mm} {dd} {slug} {id} {lang}`. @default {yyyy}/{slug}.md (or .html) */
  path: z.string().min(1).optional(),
  /** Hosts allowed in `<iframe src>`. @default [] */
  embed_hosts: z.array(z.string().min(1)).default([]),
});
export type StaticOptions = z.infer<typeof staticOptions>;

/** The file that will be written. */
export interface StaticOutput {
  /** Relative to `dir`. */
  path: string;
  /** Where the site will serve it. */
  url: string;
  /** The whole file. */
  content: string;
}
