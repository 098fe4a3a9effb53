import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { schemaFile } from '../config/schema-file.js';
import { resolveConfigPath } from '../config/find.js';
import type { CommandContext, GlobalOptions } from '../engine/context.js';
import type { CiInitResult, InitResult } from '../engine/result.js';
import { UsageError } from '../errors.js';

/** `publish init` options. */
export interface InitOptions extends GlobalOptions {
  /** Overwrite channels.yaml and .env.example (or the workflow) when they exist. */
  force?: boolean;
  /** Write a CI workflow instead of channels.yaml: `github`. */
  ci?: 'github';
}

/** Where `publish init --ci github` writes its workflow, from the repository's root. */
export const GITHUB_WORKFLOW_PATH = '.github/workflows/stories.yml';

/**
 * The GitHub Actions workflow `publish init --ci github` writes. No secrets and no
 * platform is reached: it dry-runs the stories a pull request adds or changes (under
 * GitHub Actions publish annotates each problem on its line and writes the job summary by
 * itself), uploads their preview pages and links them in the summary. Values from the
 * event reach the scripts through `env:`, never pasted into them (a branch name is text).
 */
export const GITHUB_WORKFLOW = `# ${GITHUB_WORKFLOW_PATH}, written by \`publish init --ci github\`.
# On each pull request that adds or changes a story: every broken platform rule is an
# annotation on the story's line, the job summary has a table of every channel's post
# (sizes against limits), and the preview pages are uploaded and linked there.
# Needs no secrets: a dry-run reaches no platform.
name: stories

on:
  pull_request:
    paths: ['stories/**', 'channels.yaml', '${GITHUB_WORKFLOW_PATH}']

permissions:
  contents: read

jobs:
  dry-run:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: Stories this pull request adds or changes
        id: stories
        env:
          BASE_REF: \${{ github.base_ref }}
        run: |
          git diff --name-only -z --diff-filter=AMR "origin/$BASE_REF...HEAD" -- 'stories/*.md' 'stories/*.txt' > changed.list
          echo "count=$(tr -cd '\\0' < changed.list | wc -c)" >> "$GITHUB_OUTPUT"
      - name: Check channels.yaml
        run: npx publish check
      - name: Dry-run (annotations and job summary)
        if: steps.stories.outputs.count != '0'
        run: xargs -0 npx publish --dry-run < changed.list
      - name: Preview pages
        if: always() && steps.stories.outputs.count != '0'
        run: |
          mkdir -p previews
          while IFS= read -r -d '' story; do
            name="\${story#stories/}"
            name="\${name%.*}"
            npx publish preview "$story" --out "previews/\${name//\\//-}.html" || true
          done < changed.list
      - name: Upload the preview pages
        id: upload
        if: always() && steps.stories.outputs.count != '0'
        uses: actions/upload-artifact@v4
        with:
          name: previews
          path: previews/*.html
          if-no-files-found: ignore
      - name: Link the preview pages in the job summary
        if: always() && steps.upload.outputs.artifact-url != ''
        env:
          ARTIFACT_URL: \${{ steps.upload.outputs.artifact-url }}
        run: |
          {
            echo "### Preview pages"
            echo
            echo "[Download the preview pages]($ARTIFACT_URL) (one page per story: every channel's post as its audience sees it):"
            for page in previews/*.html; do echo "- \\\`$(basename "$page")\\\`"; done
          } >> "$GITHUB_STEP_SUMMARY"
`;


/**
 * The starter channels.yaml: every channel type, every secret as `${VAR}`, and comments
 * that teach what each key does. `{timezone}` is filled with this machine's zone.
 */
export const STARTER_CONFIG = `# channels.yaml: where every story goes. One article in, one post per channel out.
#
#   publish --dry-run story.md    shows each channel's post and checks every limit (no secrets needed)
#   publish check --online        asks each platform whether the credentials below work
#   publish preview story.md      writes preview.html: every post as its audience will see it
#   publish story.md              sends it (a second run never posts twice)
#
# Secrets never go in this file: write \${NAME} and put NAME in the environment or in a
# .env file beside this one (.env.example lists every name used here; copy it to .env).

timezone: {timezone}            # for --at "2026-12-01 09:00" and scheduled posts (IANA name)
language: en                    # the language of articles that do not say (front matter \`language:\`)
state: .publish/state.db        # what was sent where (SQLite, relative to this file); or a postgres:// URL shared by several machines
# media_root: media             # a folder (relative to this file) whose pictures and clips any article may use;
                                # otherwise an article's image: and video: must be in the article's own folder

# Donation appeals, subscription prompts, "Read also" lines, photo credits and captions, share
# buttons, tag and copyright lines are dropped from every article without any setting here;
# each drop is listed by --dry-run and in the preview. To adjust (JavaScript regexes):
# article:
#   strip: ['^Our own appeal']    # drop these paragraphs too
#   keep: ['^Photo exhibition']   # never drop these
#   clean: off                    # only drop what strip names

channels:
  # A channel is one destination. The key (site, telegram-en, …) is your own name for it:
  # it appears in reports, in --channel, and in an article's per-channel overrides.
  # Keys every channel may have:
  #   enabled: false              keep it configured but unused
  #   languages: [en]             only articles in these languages
  #   delay: 2h                   send this long after the article goes out (publish run sends it)
  #   template: "{title}\\n\\n{lead}\\n\\n{url}\\n\\n{hashtags}"   your own layout ({body} too)
  #   hashtags: 3                 at most this many hashtags from the article's tags
  #   retry: { attempts: 5, budget: 2m }   timeout: 30s

  site:
    type: wordpress
    url: https://example.org          # the site's address; the REST API is found from it
    username: \${WP_USERNAME}          # the WordPress user who publishes
    password: \${WP_APP_PASSWORD}      # an Application Password (Users → Profile), not the login password
    status: publish                   # or draft / pending / private, to review in WordPress first
    categories: []                    # category names; each must exist on the site
    featured_image: true              # upload the article's image as the featured image

  # A static site (Hugo, Jekyll, Astro, Eleventy) instead of WordPress: the article becomes a file.
  # static:
  #   type: static
  #   dir: ../site/content/news       # the content folder, relative to this file
  #   base_url: https://example.org/news
  #   format: markdown                # or html
  #   path: "{yyyy}/{slug}.md"        # also {mm} {dd} {id} {lang}

  telegram-en:
    type: telegram
    token: \${TELEGRAM_BOT_TOKEN}      # from @BotFather; add the bot to the channel as an admin who may post
    chat: '@example_channel'          # the public @name, or the -100… id of a private channel
    languages: [en]
    photo: caption                    # the article image with the text as its caption; none: text only
    link_preview: true
    # retract_text: This post has been withdrawn.   # what publish retract leaves when Telegram refuses to delete (after 48 h)

  youtube:
    type: youtube                     # sets the description of the video named by the article's \`youtube:\` id
    client_id: \${YOUTUBE_CLIENT_ID}
    client_secret: \${YOUTUBE_CLIENT_SECRET}
    refresh_token: \${YOUTUBE_REFRESH_TOKEN}   # for the account that owns the videos (youtube scope)
    # tags: merge                     # also add the article's tags to the video's (or replace)
    # title: "{title}"                # replace the video's title too (unset: the title is kept)

  tiktok:
    type: tiktok                      # posts the clip named by the article's \`video:\` with a caption
    client_key: \${TIKTOK_CLIENT_KEY}
    client_secret: \${TIKTOK_CLIENT_SECRET}
    refresh_token: \${TIKTOK_REFRESH_TOKEN}    # the first one; TikTok rotates it and publish keeps the newest in state
    privacy_level: SELF_ONLY          # apps TikTok has not audited may post only SELF_ONLY; then PUBLIC_TO_EVERYONE
    delay: 2h                         # the clip goes out two hours after the story

  # Anything else (Slack, Discord, n8n, your own systems): a signed JSON POST.
  # newsroom-bot:
  #   type: webhook
  #   url: https://hooks.example.org/publish
  #   secret: \${WEBHOOK_SECRET}       # signs the body: X-Publish-Signature: sha256=<hex>
`;

/** A variable referenced by the starter file, with the channel that uses it. */
interface Reference {
  variable: string;
  channel: string;
  /** True when it sits in a commented-out channel. */
  commented: boolean;
}

/** Every `${VAR}` in `yaml` in order of appearance (no repeats), with its channel. */
export function referencedVariables(yaml: string): Reference[] {
  const found: Reference[] = [];
  let channel = '';
  for (const line of yaml.split('\n')) {
    const key = /^ {2}(?:# )?([A-Za-z0-9_-]+):\s*(?:#.*)?$/.exec(line);
    if (key?.[1]) channel = key[1];
    const commented = /^\s*#/.test(line);
    for (const m of line.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g)) {
      const variable = m[1] ?? '';
      // The teaching comments at the top mention ${NAME} as an example, not a variable to set.
      if (variable === 'NAME' || found.some((r) => r.variable === variable)) continue;
      found.push({ variable, channel, commented });
    }
  }
  return found;
}

/** .env.example for `yaml`: one `NAME=` per variable, grouped by channel. */
export function envExample(yaml: string, configName: string): string {
  let text = `# The secrets ${configName} reads. Copy this file to .env (beside ${configName}), fill in the\n`
    + '# values, and never commit .env. Variables set in the environment win over .env.\n'
    + '# `publish check --online` tells you whether each one works.\n';
  let channel: string | undefined;
  for (const ref of referencedVariables(yaml)) {
    if (ref.channel !== channel) {
      channel = ref.channel;
      text += `\n# ${ref.channel}${ref.commented ? ' (commented out in channels.yaml: only if you enable it)' : ''}\n`;
    }
    text += `${ref.commented ? '# ' : ''}${ref.variable}=\n`;
  }
  return text;
}

/**
 * The first line of the starter file: editors with the YAML language server (VS Code's
 * YAML extension, and others) read the schema it names, so they complete keys and flag
 * typos as one types. The package's own schema, named from the file's folder when the
 * package is installed below it (node_modules), else by its absolute path. No line when
 * the package has no built schema.
 */
export function schemaLine(dir: string, file: string | undefined): string {
  if (file === undefined) return '';
  const rel = relative(dir, file);
  const ref = rel.startsWith('..') || isAbsolute(rel) ? file : `./${rel.split(sep).join('/')}`;
  return `# yaml-language-server: $schema=${ref}\n`;
}

/** This machine's IANA time zone, for the starter file. */
function localTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * `publish init [--force]`: writes a commented starter channels.yaml (where `-c` points)
 * and a .env.example beside it. Refuses (exit 2) to overwrite either without --force.
 */
export async function initCommand(opts: InitOptions, { io }: CommandContext): Promise<InitResult | CiInitResult> {
  if (opts.ci !== undefined) return initGithubWorkflow(opts, io.cwd);
  // resolveConfigPath answers relative to the process's directory (what loadConfig reads
  // from), not to io.cwd: resolve it from there, or a cwd at another depth writes elsewhere.
  const configFile = resolve(resolveConfigPath(opts.config, io.env, io.cwd));
  const envFile = join(dirname(configFile), '.env.example');
  const shown = (file: string) => relative(io.cwd, file) || file;
  if (!opts.force) {
    for (const file of [configFile, envFile]) {
      if (existsSync(file)) throw new UsageError(`${shown(file)} already exists: publish init --force overwrites it`);
    }
  }
  const yaml = `${schemaLine(dirname(configFile), schemaFile())}${STARTER_CONFIG.replace('{timezone}', localTimezone())}`;
  await mkdir(dirname(configFile), { recursive: true });
  await writeFile(configFile, yaml);
  await writeFile(envFile, envExample(yaml, basename(configFile)));
  return {
    files: [configFile, envFile],
    shown: { config: shown(configFile), envExample: shown(envFile), env: shown(join(dirname(configFile), '.env')) },
  };
}

/** `publish init --ci github`: the workflow, at the repository's root (the working directory). */
async function initGithubWorkflow(opts: InitOptions, cwd: string): Promise<CiInitResult> {
  const file = join(cwd, GITHUB_WORKFLOW_PATH);
  if (!opts.force && existsSync(file)) throw new UsageError(`${GITHUB_WORKFLOW_PATH} already exists: publish init --ci github --force overwrites it`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, GITHUB_WORKFLOW);
  return { files: [file], shown: { workflow: GITHUB_WORKFLOW_PATH } };
}
