/**
 * Inline formatting over a stretch of a block's text, so that channels that can show it
 * (Telegram, the website) keep links, bold and italics. Marks nest: two marks of a block
 * either do not overlap or one holds the other.
 */
export interface Mark {
  /** UTF-16 offset in the block's `text` where the mark starts. */
  start: number;
  /** UTF-16 offset where it ends (exclusive); always after `start`. */
  end: number;
  kind: 'bold' | 'italic' | 'strike' | 'code' | 'link';
  /** For a link: an absolute http(s) or mailto URL (links elsewhere keep only their words). */
  href?: string;
}

/** One block of an article's body, in reading order. */
export interface Block {
  /** What the block is; text channels lay headings and lists out differently. */
  kind: 'paragraph' | 'heading' | 'list' | 'quote' | 'code' | 'html';
  /**
   * The block as plain text: Markdown syntax and HTML tags removed, entities decoded,
   * NFC-normalised, `<` `>` `&` kept as the characters. List items are joined with "\n"
   * and each starts with "• ". Never escaped for any target.
   */
  text: string;
  /** The inline formatting of `text`, outermost first; absent when there is none. */
  marks?: readonly Mark[];
}

/** Raw HTML written in one block of a Markdown body, where each piece is. */
export interface RawMarkup {
  /** Every element tag written, as written (opening and void tags), with its file line. */
  tags: { line: number; tag: string }[];
  /** Words inside elements whose content is not reader text (script, style…): text channels leave them out. */
  hidden: { line: number; tag: string; text: string }[];
}

/**
 * A block of a Markdown article that holds raw HTML. Channels that drop any of it report
 * a warning naming the line, so no word vanishes silently (docs/ARCHITECTURE.md, "HTML inside articles").
 */
export interface RawHtml extends RawMarkup {
  /** File line (1-based) where the block starts. */
  line: number;
  /** What the block became: the title, the lead (both as text everywhere), or part of the body. */
  part: 'title' | 'lead' | 'body';
  /** The block's HTML before sanitising (for body blocks, as it is in `bodyHtml`). */
  html: string;
}

/** A file or URL the article refers to (cover image, video clip). */
export interface MediaRef {
  /** As written in the front matter. */
  ref: string;
  /** Absolute path for a local file; undefined for a URL. */
  path?: string;
  /** The https URL when the reference is one. */
  url?: string;
  /** Line of the value in the article file, for messages. */
  line?: number;
}

/** Per-article, per-channel override from front matter `channels:`. */
export interface ChannelOverride {
  /** Replaces the whole rendered text; placeholders like `{url}` still filled. */
  text?: string;
  /** Skip this channel for this article. */
  skip?: boolean;
}

/** A paragraph cleaning dropped, and why (docs/ARCHITECTURE.md, "Cleaning"). */
export interface Dropped {
  /** 1-based line of the paragraph in the source file. */
  line: number;
  /**
   * A short, stable phrase: "donation appeal", "donation amounts", "subscription prompt",
   * "read-also link", "share buttons", "photo credit", "video credit", "photo caption",
   * "ad marker", "error-report prompt", "tag line", "copyright line", or "article.strip".
   */
  reason: string;
  /** The paragraph's plain text. */
  text: string;
}

/** A 1-based line and column in the article file. */
export interface Place {
  line: number;
  column: number;
}

/**
 * Where the parts of an article are written, so a problem can name its line
 * (docs/ARCHITECTURE.md, "Where a problem comes from").
 */
export interface ArticlePlaces {
  /** Each front matter key as written (`tags`, `image`…), and `channels.<name>` for each override. */
  keys: Readonly<Record<string, Place>>;
  /** The title: its front matter key, or the heading or paragraph it was taken from. */
  title?: Place;
  /** The lead: its front matter key, or the paragraph it was taken from. */
  lead?: Place;
}

/** A parsed, cleaned article. Immutable once parsed. */
export interface Article {
  /** Stable ledger key: front matter `id`, else `slug`, else the file name without extension. */
  readonly id: string;
  /** Where it came from: the path as given on the command line, or "-" for stdin. */
  readonly source: string;
  /** Absolute directory of the source (cwd for stdin); media paths resolve against it. */
  readonly dir: string;
  /**
   * Where to read the article again when a scheduled post is due, when `dir` and `source`
   * do not say it: the address of a fetched page, or the absolute path of a Word document
   * (whose `dir` is the private folder its picture was extracted to).
   */
  readonly origin?: string;
  readonly title: string;
  readonly lead: string;
  /** Body blocks after the title/lead were taken out and boilerplate dropped. */
  readonly body: readonly Block[];
  /**
   * The body as HTML rendered by markdown-it (raw HTML passed through, NOT sanitised:
   * the website channel sanitises). For .txt articles, one <p> per paragraph, escaped.
   */
  readonly bodyHtml: string;
  /** The blocks of a Markdown article that hold raw HTML (none for plain exports and most articles). */
  readonly rawHtml?: readonly RawHtml[];
  /** Tags in the article's order, as written (trimmed, NFC). */
  readonly tags: readonly string[];
  /** BCP 47-ish language code (`en`, `uk`); undefined when neither the article nor config says. */
  readonly language: string | undefined;
  /** Canonical link from front matter, if any. */
  readonly url: string | undefined;
  /** URL slug: front matter `slug`, else derived from the title (Latin transliteration not attempted; non-Latin letters kept). */
  readonly slug: string;
  readonly image: MediaRef | undefined;
  readonly video: MediaRef | undefined;
  /** YouTube video id whose description this article sets. */
  readonly youtube: string | undefined;
  /**
   * The article was read from its published page (`publish https://…`): it is already on
   * the website, so the website channels skip it and the others link to `url`.
   */
  readonly fetched?: boolean;
  /** Front matter `date` if given (ISO string). */
  readonly date: string | undefined;
  /** By channel name. */
  readonly overrides: Readonly<Record<string, ChannelOverride>>;
  /** Paragraphs dropped as boilerplate, in source order. */
  readonly dropped: readonly Dropped[];
  /** Where the title, the lead and each front matter key are written (absent for articles built in code). */
  readonly places?: ArticlePlaces;
  /** sha256 (hex) of the source bytes, to notice that an article changed since it was queued. */
  readonly sourceHash: string;
}
