/**
 * Writing the article's file into the site's content folder (the static type's only I/O).
 * Loaded only when a static channel sends (index.ts imports it lazily).
 */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ChannelError } from '../../errors.js';
import { randomHex } from '../../hash.js';
import type { DeliverContext, Post, Receipt, Retraction } from '../types.js';
import type { StaticOptions, StaticOutput } from './options.js';

/** The absolute file for a post: `<dir>/<path>`, `dir` relative to channels.yaml; never outside `dir`. */
export function staticTarget(post: Post<StaticOutput>, ctx: DeliverContext<StaticOptions>): string {
  const root = resolve(ctx.config.dir, ctx.channel.options.dir);
  const file = resolve(root, post.output.path);
  const inside = relative(root, file);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) {
    throw new ChannelError(ctx.channel.name, 'bad_path', `path "${post.output.path}" leaves the content folder ${root}`);
  }
  return file;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `content` to `file` atomically: a temp file in the same folder, fsynced, renamed over
 * the target, then the folder fsynced, so a site build never reads half a file.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = resolve(dir, `.${randomHex(6)}.publish-tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // The rename itself is durable only once the folder is synced (not possible on every platform).
  const folder = await open(dir, 'r').catch(() => undefined);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}

function staticReceipt(post: Post<StaticOutput>): Receipt {
  return { id: post.output.path, url: post.output.url };
}

function fsError(ctx: DeliverContext<StaticOptions>, file: string, error: unknown): ChannelError {
  const code = (error as NodeJS.ErrnoException).code ?? 'io';
  return new ChannelError(ctx.channel.name, 'write_failed', `cannot write ${file}: ${code} (check the folder exists and is writable)`, { cause: error });
}

/** Writes the file; an existing file with other content is replaced only with `--update`. */
export async function deliver(post: Post<StaticOutput>, ctx: DeliverContext<StaticOptions>): Promise<Receipt> {
  const file = staticTarget(post, ctx);
  let existing: string | undefined;
  try {
    existing = await readIfExists(file);
  } catch (error) {
    throw fsError(ctx, file, error);
  }
  if (existing === post.output.content) return staticReceipt(post);
  if (existing !== undefined && ctx.mode !== 'update') {
    throw new ChannelError(ctx.channel.name, 'exists', `${file} exists with other content: use --update to replace it`);
  }
  try {
    await writeFileAtomic(file, post.output.content);
  } catch (error) {
    throw fsError(ctx, file, error);
  }
  return staticReceipt(post);
}

/** A stopped run's file: there with exactly our content. */
export async function lookup(post: Post<StaticOutput>, ctx: DeliverContext<StaticOptions>): Promise<Receipt | undefined> {
  const existing = await readIfExists(staticTarget(post, ctx)).catch(() => undefined);
  return existing === post.output.content ? staticReceipt(post) : undefined;
}

/** The file of a post sent before (`receipt.id` is its path in the content folder); never outside it. */
function retractTarget(receipt: Receipt, ctx: DeliverContext<StaticOptions>): string {
  const root = resolve(ctx.config.dir, ctx.channel.options.dir);
  const file = resolve(root, receipt.id);
  const inside = relative(root, file);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) {
    throw new ChannelError(ctx.channel.name, 'bad_path', `the ledger's path "${receipt.id}" leaves the content folder ${root}: nothing removed`);
  }
  return file;
}

/** `publish retract`: removes the article's file (a file already gone counts as done). */
export async function retract(ctx: DeliverContext<StaticOptions>): Promise<Retraction> {
  if (!ctx.previous) throw new ChannelError(ctx.channel.name, 'bad_receipt', 'the ledger holds no file for this article');
  const file = retractTarget(ctx.previous, ctx);
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { outcome: 'retracted', detail: `${file} is gone already` };
    const code = (error as NodeJS.ErrnoException).code ?? 'io';
    throw new ChannelError(ctx.channel.name, 'write_failed', `cannot remove ${file}: ${code} (check the folder is writable)`, { cause: error });
  }
  return { outcome: 'retracted', detail: `removed ${file} (rebuild the site to take the page down)` };
}
