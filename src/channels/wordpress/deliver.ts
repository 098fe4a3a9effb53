/**
 * Publishing an article as a WordPress post. Idempotent by slug: before creating, the slug is
 * looked up (signed in, any status), and before a create is retried it is looked up again, so
 * a lost reply never turns into a second post (`slug-2`). `--update` edits the same post,
 * sending only the fields that differ from what the site holds.
 */
import { ChannelError } from '../../errors.js';
import type { DeliverContext, Post, Receipt, Retraction } from '../types.js';
import type { WordPressOptions, WordPressOutput } from './options.js';
import { openWordPress, type WordPressSession } from './client.js';
import { fileSha256, openImage, uploadImage } from './media.js';
import { categoryIds, tagIds } from './terms.js';

/** A post as the REST API returns it with `context=edit`. */
export interface WordPressPost {
  id: number;
  link: string;
  slug: string;
  status: string;
  featured_media: number;
  tags?: number[];
  categories?: number[];
  date_gmt?: string;
  title?: { raw?: string; rendered?: string };
  content?: { raw?: string };
  excerpt?: { raw?: string };
}

/** What a WordPress receipt keeps in `extra`. */
export interface WordPressReceiptExtra {
  status: string;
  featured_media: number;
  /** sha256 of the image uploaded as featured media, so `--update` re-uploads only a changed one. */
  image_sha256?: string;
  tags: number[];
  /** When a `future` post goes live (WordPress's `date_gmt`, UTC without a zone). */
  date_gmt?: string;
  /** Set by `publish cancel`: a scheduled post made a draft again; the next send schedules or publishes it. */
  unscheduled?: boolean;
}

/** `date_gmt` as WordPress writes it: no zone, seconds precision, UTC. */
export function wordpressDate(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** Status and date for the post: `future` with `date_gmt` when the article is scheduled. */
export function scheduleFields(status: WordPressOutput['status'], publishAt: Date | undefined, now = Date.now()): { status: WordPressOutput['status']; date_gmt?: string } {
  if (!publishAt || publishAt.getTime() <= now) return { status };
  return { status: status === 'publish' ? 'future' : status, date_gmt: wordpressDate(publishAt) };
}

function receiptOf(post: WordPressPost, imageSha256?: string): Receipt {
  const extra: WordPressReceiptExtra = { status: post.status, featured_media: post.featured_media, tags: [...(post.tags ?? [])] };
  if (imageSha256 && post.featured_media > 0) extra.image_sha256 = imageSha256;
  if (post.status === 'future' && post.date_gmt) extra.date_gmt = post.date_gmt;
  return { id: String(post.id), url: post.link, extra: { ...extra } };
}

/** The post with this slug (any status), or undefined. One request, no retry. */
async function findBySlug(session: WordPressSession, slug: string, within: AbortSignal | 'retry'): Promise<WordPressPost | undefined> {
  const req = { route: '/wp/v2/posts', query: { slug, status: 'any', context: 'edit' } };
  const what = `look up the post "${slug}"`;
  const answer = within === 'retry' ? await session.call<WordPressPost[]>(what, req) : await session.send<WordPressPost[]>(what, req, within);
  return Array.isArray(answer.data) ? answer.data[0] : undefined;
}

async function getPost(session: WordPressSession, id: number, ctx: DeliverContext<WordPressOptions>): Promise<WordPressPost> {
  const answer = await session.call<WordPressPost & { code?: string }>(`read post ${id}`, {
    route: `/wp/v2/posts/${id}`,
    query: { context: 'edit' },
    accept: (status, body) => status === 404 && body.code === 'rest_post_invalid_id',
  });
  if (answer.status === 404) {
    throw new ChannelError(ctx.channel.name, 'gone', `post ${id} is no longer on ${ctx.channel.options.url} (deleted?): rerun with --force to publish it again`, { status: 404 });
  }
  return answer.data;
}

/** Tag, category and featured-image ids for the post. */
interface ResolvedFields {
  tags: number[];
  categories: number[] | undefined;
  /** Media id to set as featured image; undefined = leave as it is. */
  featured: number | undefined;
  imageSha256: string | undefined;
}

async function resolveFields(
  session: WordPressSession,
  output: WordPressOutput,
  ctx: DeliverContext<WordPressOptions>,
  current?: { post: WordPressPost; extra: Partial<WordPressReceiptExtra> | undefined },
): Promise<ResolvedFields> {
  const { options, name } = ctx.channel;
  const tags = await tagIds(session, output.tags);
  const categories = output.categories?.length ? await categoryIds(session, output.categories, options.url) : undefined;
  let featured: number | undefined;
  let imageSha256: string | undefined;
  const image = ctx.article.image;
  if (options.featured_image && image) {
    if (image.path === undefined) {
      ctx.progress({ phase: 'note', note: `the image ${image.ref} is a URL, not a local file: no featured image set` });
    } else {
      const media = openImage(name, ctx.article, image, ctx.config.mediaRoot);
      try {
        imageSha256 = await fileSha256(media);
        const kept = current?.extra?.image_sha256 === imageSha256 && current.post.featured_media > 0 && current.post.featured_media === current.extra.featured_media;
        if (kept) featured = current.post.featured_media;
        else {
          ctx.progress({ phase: 'uploading image', note: image.ref });
          featured = (await uploadImage(session, name, image, media, imageSha256)).id;
        }
      } finally {
        media.close();
      }
    }
  }
  return { tags, categories, featured, imageSha256 };
}

/** WordPress silently drops a featured_media id it does not know: check it stuck. */
function checkFeatured(post: WordPressPost, wanted: number | undefined, ctx: DeliverContext<WordPressOptions>): void {
  if (wanted === undefined || post.featured_media === wanted) return;
  throw new ChannelError(
    ctx.channel.name,
    'featured_image_dropped',
    `WordPress saved post ${post.id} (${post.link}) but dropped its featured image (media ${wanted}): set it in WordPress, or rerun with --update`,
  );
}

/** What the user may do (`users/me?context=edit`); undefined when the site hides it. */
function userCapabilities(session: WordPressSession): Promise<Record<string, boolean> | undefined> {
  // Asked once per run: a run of many articles need not ask before each.
  return session.remember('capabilities', () =>
    session
      .call<{ capabilities?: Record<string, boolean> }>('check what the user may do', { route: '/wp/v2/users/me', query: { context: 'edit' } })
      .then((me) => me.data.capabilities),
  );
}

/**
 * Refuses early, before tags or media are made, when the user may not do what the post needs:
 * a contributor's upload would fail with a vaguer message, and leave the tags behind.
 */
async function assertAllowed(
  capabilities: Promise<Record<string, boolean> | undefined>,
  session: WordPressSession,
  status: string,
  uploads: boolean,
  ctx: DeliverContext<WordPressOptions>,
): Promise<void> {
  const caps = await capabilities;
  if (!caps) return; // a site that hides capabilities: let the create itself answer
  const user = session.user;
  if ((status === 'publish' || status === 'future' || status === 'private') && !caps.publish_posts) {
    throw new ChannelError(ctx.channel.name, 'forbidden', `user ${user} may not publish: use status: pending or a different user`, { status: 403 });
  }
  if (uploads && !caps.upload_files) {
    throw new ChannelError(ctx.channel.name, 'forbidden', `user ${user} may not upload files: set featured_image: false or use a user with the Author role`, { status: 403 });
  }
}

async function createPost(
  session: WordPressSession,
  post: Post<WordPressOutput>,
  ctx: DeliverContext<WordPressOptions>,
  capabilities: Promise<Record<string, boolean> | undefined>,
): Promise<Receipt> {
  const out = post.output;
  const schedule = scheduleFields(out.status, ctx.publishAt);
  const uploads = ctx.channel.options.featured_image && ctx.article.image?.path !== undefined;
  await assertAllowed(capabilities, session, schedule.status, uploads, ctx);
  const fields = await resolveFields(session, out, ctx);
  const body: Record<string, unknown> = {
    title: out.title,
    content: out.content,
    excerpt: out.excerpt,
    slug: out.slug,
    ...schedule,
    tags: fields.tags,
  };
  if (out.date_gmt && body.date_gmt === undefined) body.date_gmt = out.date_gmt;
  if (fields.categories) body.categories = fields.categories;
  if (fields.featured !== undefined) body.featured_media = fields.featured;

  let tried = false;
  const created = await ctx.attempt('create the post', async (signal) => {
    // The previous try may have made the post and lost only the answer: find it, never make slug-2.
    if (tried) {
      const found = await findBySlug(session, out.slug, signal);
      if (found) return found;
    }
    tried = true;
    return (await session.send<WordPressPost>('create the post', { method: 'POST', route: '/wp/v2/posts', json: body }, signal)).data;
  });
  checkFeatured(created, fields.featured, ctx);
  return receiptOf(created, fields.imageSha256);
}

function sameIds(a: readonly number[] | undefined, b: readonly number[]): boolean {
  const x = [...(a ?? [])].sort((m, n) => m - n);
  const y = [...b].sort((m, n) => m - n);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

async function updatePost(
  session: WordPressSession,
  target: number | WordPressPost,
  post: Post<WordPressOutput>,
  ctx: DeliverContext<WordPressOptions>,
): Promise<Receipt> {
  const out = post.output;
  const current = typeof target === 'number' ? await getPost(session, target, ctx) : target;
  const extra = ctx.previous?.id === String(current.id) ? (ctx.previous.extra as Partial<WordPressReceiptExtra> | undefined) : undefined;
  const fields = await resolveFields(session, out, ctx, { post: current, extra });
  // Status and slug stay as the site has them: the link other channels carry must not move.
  const changes: Record<string, unknown> = {};
  if (current.title?.raw !== out.title) changes.title = out.title;
  if (current.content?.raw !== out.content) changes.content = out.content;
  if (current.excerpt?.raw !== out.excerpt) changes.excerpt = out.excerpt;
  if (!sameIds(current.tags, fields.tags)) changes.tags = fields.tags;
  if (fields.categories && !sameIds(current.categories, fields.categories)) changes.categories = fields.categories;
  if (fields.featured !== undefined && current.featured_media !== fields.featured) changes.featured_media = fields.featured;
  // A post `publish cancel` made a draft again goes out now (or at --at) like a new one.
  if (extra?.unscheduled === true && current.status === 'draft') Object.assign(changes, scheduleFields(out.status, ctx.publishAt));
  if (Object.keys(changes).length === 0) return receiptOf(current, fields.imageSha256);
  const answer = await session.call<WordPressPost>(`update post ${current.id}`, { method: 'POST', route: `/wp/v2/posts/${current.id}`, json: changes });
  checkFeatured(answer.data, fields.featured, ctx);
  return receiptOf(answer.data, fields.imageSha256);
}

/** Creates the post, finds the one a lost reply made, or (`--update`) edits it. */
export async function deliverWordPress(post: Post<WordPressOutput>, ctx: DeliverContext<WordPressOptions>): Promise<Receipt> {
  const session = await openWordPress(ctx);
  const previousId = ctx.previous ? Number(ctx.previous.id) : NaN;
  if (ctx.mode === 'update' && Number.isInteger(previousId) && previousId > 0) return updatePost(session, previousId, post, ctx);
  // Asked alongside the slug lookup: one round trip fewer before the post is created.
  const capabilities = userCapabilities(session);
  capabilities.catch(() => {}); // unused when the post exists; a failure is reported by createPost
  const existing = await findBySlug(session, post.output.slug, 'retry');
  if (existing) return ctx.mode === 'update' ? updatePost(session, existing, post, ctx) : receiptOf(existing);
  return createPost(session, post, ctx, capabilities);
}

/** The post a stopped run may have made (same slug, any status), without creating one. */
export async function lookupWordPress(post: Post<WordPressOutput>, ctx: DeliverContext<WordPressOptions>): Promise<Receipt | undefined> {
  const session = await openWordPress(ctx);
  const found = await findBySlug(session, post.output.slug, 'retry');
  return found ? receiptOf(found) : undefined;
}

/** The post of `ctx.previous`, read for a cancel or a retract; undefined when it is gone from the site. */
async function previousPost(session: WordPressSession, ctx: DeliverContext<WordPressOptions>): Promise<WordPressPost | undefined> {
  const id = Number(ctx.previous?.id);
  if (!Number.isInteger(id) || id <= 0) throw new ChannelError(ctx.channel.name, 'bad_receipt', `the ledger holds no WordPress post id for this article (${ctx.previous?.id ?? 'none'})`);
  const answer = await session.call<WordPressPost & { code?: string }>(`read post ${id}`, {
    route: `/wp/v2/posts/${id}`,
    query: { context: 'edit' },
    accept: (status, body) => status === 404 && body.code === 'rest_post_invalid_id',
  });
  return answer.status === 404 ? undefined : answer.data;
}

/**
 * `publish cancel`: a `future` post becomes a draft again (nothing is lost, nothing goes
 * live). A draft already is done; a post that went live meanwhile is an error saying so.
 */
export async function unscheduleWordPress(ctx: DeliverContext<WordPressOptions>): Promise<Receipt> {
  const session = await openWordPress(ctx);
  const current = await previousPost(session, ctx);
  const id = ctx.previous?.id ?? '?';
  if (!current) throw new ChannelError(ctx.channel.name, 'gone', `post ${id} is no longer on ${ctx.channel.options.url}: nothing to un-schedule`, { status: 404 });
  const draft = (post: WordPressPost): Receipt => {
    const receipt = receiptOf(post);
    return { ...receipt, extra: { ...receipt.extra, unscheduled: true } };
  };
  if (current.status === 'draft') return draft(current);
  if (current.status !== 'future') {
    throw new ChannelError(ctx.channel.name, 'already_live', `post ${id} (${current.link}) is already ${current.status === 'publish' ? 'live' : current.status}: use publish retract to take it down`);
  }
  const answer = await session.call<WordPressPost>(`make post ${id} a draft`, { method: 'POST', route: `/wp/v2/posts/${id}`, json: { status: 'draft' } });
  if (answer.data.status !== 'draft') {
    throw new ChannelError(ctx.channel.name, 'still_scheduled', `WordPress kept post ${id} as ${answer.data.status}: make it a draft in WordPress before ${current.date_gmt ?? 'its time'} UTC`);
  }
  return draft(answer.data);
}

/** `publish retract`: the post goes to the trash (recoverable in WordPress for 30 days). */
export async function retractWordPress(ctx: DeliverContext<WordPressOptions>): Promise<Retraction> {
  const session = await openWordPress(ctx);
  const id = ctx.previous?.id ?? '?';
  const current = await previousPost(session, ctx);
  if (!current) return { outcome: 'retracted', detail: `post ${id} is no longer on the site (deleted already)` };
  if (current.status === 'trash') return { outcome: 'retracted', detail: `post ${id} is in the trash` };
  const answer = await session.call<WordPressPost & { code?: string }>(`move post ${id} to the trash`, {
    method: 'DELETE',
    route: `/wp/v2/posts/${id}`,
    // Another run trashed it between our read and our request: that is done too.
    accept: (status, body) => status === 410 && body.code === 'rest_already_trashed',
  });
  return { outcome: 'retracted', detail: answer.status === 410 ? `post ${id} is in the trash` : `moved post ${id} to the trash (restore it in WordPress if needed)` };
}

// The names every channel's deliver.ts exports for the lazy loader (src/channels/lazy.ts).
export { deliverWordPress as deliver, lookupWordPress as lookup, retractWordPress as retract, unscheduleWordPress as unschedule };
export { verifyWordPress as verify } from './verify.js';
export { loadGot as loadClient } from '../../http/lazy-got.js';
