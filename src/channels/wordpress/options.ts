/** What a `type: wordpress` channel takes and sends. */
import { webUrl, z } from '../../zod.js';

/** Options of a `type: wordpress` channel. */
export const wordpressOptions = z.object({
  /** The site's address; the REST root is found from its `Link rel="https://api.w.org/"` header. */
  url: webUrl(),
  /** The WordPress user the Application Password belongs to. */
  username: z.string().optional(),
  /** Secret: an Application Password (Users → Profile → Application Passwords). */
  password: z.string().optional(),
  /** `future` is used by itself when the article is scheduled. @default publish */
  status: z.enum(['publish', 'draft', 'pending', 'private']).default('publish'),
  /** Category names; each must exist on the site. */
  categories: z.array(z.string().min(1)).default([]),
  /** Hosts allowed in `<iframe src>` in the article body, e.g. www.youtube.com. @default [] */
  embed_hosts: z.array(z.string().min(1)).default([]),
  /** Upload the article image and make it the featured image. @default true */
  featured_image: z.boolean().default(true),
});
export type WordPressOptions = z.infer<typeof wordpressOptions>;

/** The `POST /wp/v2/posts` body as far as it is knowable offline (tags and categories are names until sent). */
export interface WordPressOutput {
  title: string;
  content: string;
  excerpt: string;
  slug: string;
  status: 'publish' | 'draft' | 'pending' | 'private' | 'future';
  tags: string[];
  categories?: string[];
  date_gmt?: string;
}
