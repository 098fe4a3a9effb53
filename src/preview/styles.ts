/**
 * The preview page's only stylesheet (inline: the page loads nothing). System fonts only.
 * Platform mock-ups follow each app's look closely enough for an editor to judge a post,
 * without copying any platform asset.
 */
export const PREVIEW_CSS = `
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#1f2328;--muted:#656d76;--line:#d8dee4;--bg:#f3f4f6;--red:#d1242f;--amber:#bf8700;--green:#1a7f37;--blue:#0969da;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;--serif:Georgia,"Times New Roman","Noto Serif",serif;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
html{background:var(--bg);color:var(--ink);font:15px/1.45 var(--sans)}
body{margin:0}
code{font-family:var(--mono);font-size:.9em}
small{font-size:.8em}
.page-head{background:#fff;border-bottom:1px solid var(--line);padding:24px 32px 16px}
.page-head__kicker{color:var(--muted);font-size:12px;letter-spacing:.06em;text-transform:uppercase}
.page-head h1{font:700 28px/1.2 var(--serif);margin:6px 0 8px;max-width:60em}
.page-head__meta{color:var(--muted);font-size:13px;word-break:break-word}
.page-head__meta a{color:var(--blue)}
.stand-in{background:#fff8c5;border-radius:4px;padding:1px 6px;color:#6e5400}
.removed{margin:16px 32px 0;background:#fff;border:1px solid var(--line);border-left:4px solid var(--amber);border-radius:6px;padding:12px 16px}
.removed h2{font-size:14px;margin:0 0 8px}
.removed h2 small{color:var(--muted);font-weight:400}
.removed__list{margin:0;padding:0;list-style:none;display:grid;gap:8px}
.removed__why{display:block;color:var(--muted);font-size:12px}
.removed del{color:var(--muted);text-decoration-color:var(--red)}
.page-head__summary{margin:12px 0 10px;display:flex;gap:6px;flex-wrap:wrap}
.toc{display:flex;gap:6px;flex-wrap:wrap}
.toc__item{display:inline-flex;align-items:center;gap:6px;border:1px solid var(--line);border-radius:999px;padding:3px 10px;color:var(--ink);text-decoration:none;font-size:13px;background:#fff}
.toc__item small{color:var(--muted)}
.toc__item i{width:8px;height:8px;border-radius:50%;background:var(--green)}
.toc__item--invalid i{background:var(--red)}
.toc__item--skipped i{background:#afb8c1}
.pill{display:inline-block;border-radius:999px;padding:2px 10px;font-size:12px;font-weight:600;white-space:nowrap}
.pill--valid{background:#dafbe1;color:var(--green)}
.pill--invalid{background:#ffebe9;color:var(--red)}
.pill--skipped{background:#eaeef2;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:20px;padding:24px 32px;align-items:start}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;box-shadow:0 1px 2px rgba(31,35,40,.06);overflow:hidden;border-top:4px solid var(--green)}
.card--invalid{border-top-color:var(--red);box-shadow:0 0 0 1px rgba(209,36,47,.25),0 1px 2px rgba(31,35,40,.06)}
.card--skipped{border-top-color:#afb8c1;opacity:.85}
.card__head{display:flex;align-items:center;gap:10px;padding:12px 16px;border-bottom:1px solid var(--line)}
.card__head h2{font-size:16px;margin:0;flex:1;overflow-wrap:anywhere}
.badge{font-size:11px;font-weight:700;letter-spacing:.03em;color:#fff;border-radius:4px;padding:2px 7px;background:#6e7781}
.badge--telegram{background:#229ed9}.badge--youtube{background:#ff0033}.badge--tiktok{background:#111;box-shadow:-2px 0 0 #25f4ee,2px 0 0 #fe2c55}
.badge--wordpress{background:#21759b}.badge--static{background:#57606a}.badge--webhook{background:#8250df}
.card__stage{padding:16px}
.skip{padding:16px;color:var(--muted)}
.problems{padding:12px 16px 0;display:grid;gap:8px}
.problem{border-radius:8px;padding:8px 12px;font-size:13px;border:1.5px solid}
.problem b{display:block;font-size:11px;text-transform:uppercase;letter-spacing:.04em;margin-bottom:2px}
.problem--error{background:#ffebe9;border-color:var(--red);color:#82071e}
.problem--warning{background:#fff8c5;border-color:#d4a72c;color:#6e5400}
[data-text][data-over]{outline:2px solid var(--red);outline-offset:2px;background-color:rgba(209,36,47,.05)}
.measures{list-style:none;margin:0;padding:10px 16px 14px;border-top:1px solid var(--line);display:grid;gap:6px;font-size:12px}
.measure{display:grid;grid-template-columns:80px 1fr auto;align-items:center;gap:10px;color:var(--muted)}
.measure--none{display:block}
.measure__field{font-weight:600;color:var(--ink)}
.measure__bar{height:6px;border-radius:3px;background:#eaeef2;overflow:hidden}
.measure__bar i{display:block;height:100%;background:var(--green);border-radius:3px}
.measure--near .measure__bar i{background:var(--amber)}
.measure--over .measure__bar i{background:var(--red)}
.measure--over .measure__numbers{color:var(--red)}
.measure__numbers{font-variant-numeric:tabular-nums;white-space:nowrap}
.avatar{display:inline-grid;place-items:center;width:34px;height:34px;border-radius:50%;background:linear-gradient(135deg,#5fb3f0,#3c8ad8);color:#fff;font-weight:700;font-size:13px;flex:none}
.avatar--red{background:#ff0033;width:28px;height:28px;font-size:11px}
.more-toggle{position:absolute;opacity:0;pointer-events:none}
.clamp{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}
.clamp--2{-webkit-line-clamp:2}.clamp--3{-webkit-line-clamp:3}
.more-toggle:checked~.clamp{display:block}
.more-label{cursor:pointer;font-weight:600;user-select:none}
.more-label .when-open,.more-toggle:checked~.more-label .when-closed{display:none}
.more-toggle:checked~.more-label .when-open{display:inline}
.hashtag,.autolink{color:inherit}
.icon{display:inline-block;vertical-align:-2px}

.tg{border-radius:10px;overflow:hidden;background:#a7c59a linear-gradient(150deg,#d0e4a6 0%,#a9cf9e 45%,#8fbfa8 100%);font-size:14.5px;line-height:1.38}
.tg-head{display:flex;align-items:center;gap:10px;background:#fff;padding:8px 12px;border-bottom:1px solid rgba(0,0,0,.08)}
.tg-head small{display:block;color:#8a9aa9;font-size:12px}
.tg-feed{padding:12px;display:grid;gap:8px;max-height:820px;overflow:auto;scrollbar-width:thin}
.tg-bubble{background:#fff;border-radius:12px 12px 12px 4px;box-shadow:0 1px 1px rgba(0,0,0,.12);overflow:hidden;max-width:100%}
.tg-photo{display:block;width:100%;max-height:280px;object-fit:cover;background:#dfe7ee}
.tg-photo--missing{display:grid;place-items:center;height:140px;color:#5b6b7a;font-size:13px;text-align:center;padding:8px}
.tg-photo--missing small{display:block}
.tg-text{white-space:pre-wrap;overflow-wrap:anywhere;padding:8px 12px 2px}
.tg-text a,.tg-text .hashtag,.tg-text .autolink{color:#168acd;text-decoration:none}
.tg-text blockquote{margin:4px 0;padding:2px 8px;border-left:3px solid #168acd;background:#eef6fc;border-radius:4px}
.tg-text code,.tg-text pre{font-family:var(--mono);font-size:13px;background:#f1f3f5;border-radius:4px;padding:0 3px}
.tg-text pre{display:block;padding:6px 8px;margin:4px 0;white-space:pre-wrap}
.tg-spoiler{background:#d0d7de;color:transparent;border-radius:3px}
.tg-lp{margin:6px 12px 0;border-left:3px solid #168acd;background:#eef6fc;border-radius:0 6px 6px 0;padding:6px 10px;font-size:13.5px}
.tg-lp__site{color:#168acd;font-weight:600}
.tg-lp__title{font-weight:600}
.tg-lp__desc{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;overflow:hidden}
.tg-lp__image{display:block;width:100%;max-height:160px;object-fit:cover;border-radius:6px;margin-top:6px}
.tg-meta{text-align:right;color:#a0acb6;font-size:12px;padding:2px 10px 6px}
.tg-meta .icon{vertical-align:-2px}

.yt{font-family:Roboto,Arial,var(--sans);color:#0f0f0f}
.yt-player{aspect-ratio:16/9;border-radius:12px;background:radial-gradient(circle at 50% 45%,#3a3a3a,#0f0f0f 70%);display:grid;place-items:center;position:relative;color:#fff}
.yt-play{display:grid;place-items:center;width:64px;height:44px;border-radius:12px;background:#ff0033;font-size:20px}
.yt-id{position:absolute;left:12px;bottom:8px;font-size:12px;opacity:.75;font-family:var(--mono)}
.yt-hashtags{margin-top:12px;font-size:13px;color:#065fd4;display:flex;gap:6px}
.yt-title{font-size:19px;line-height:1.3;margin:4px 0 10px;font-weight:700}
.yt-title--kept{color:#606060;font-weight:500;font-style:italic}
.yt-title--kept small{font-style:normal}
.yt-channel{display:flex;align-items:center;gap:8px;font-size:14px;margin-bottom:12px}
.yt-panel{background:#f2f2f2;border-radius:12px;padding:12px;font-size:14px;line-height:1.45}
.yt-stats{font-weight:600;margin-bottom:4px}
.yt-desc{white-space:pre-wrap;overflow-wrap:anywhere}
.yt-desc .autolink,.yt-desc .hashtag{color:#065fd4;text-decoration:none}
.yt-panel .more-label{display:inline-block;margin-top:2px}
.chips{margin-top:10px;display:flex;flex-wrap:wrap;gap:4px;align-items:center;font-size:12px}
.chips small{color:var(--muted);margin-right:4px}
.chip{background:#eaeef2;border-radius:999px;padding:1px 8px}

.tt{position:relative;width:300px;max-width:100%;aspect-ratio:9/16;margin:0 auto;border-radius:18px;overflow:hidden;background:#161823 center/cover no-repeat;color:#fff;font-size:13px;line-height:1.35}
.tt-shade{position:absolute;inset:0;background:linear-gradient(180deg,rgba(0,0,0,.35) 0%,rgba(0,0,0,.05) 25%,rgba(0,0,0,.1) 55%,rgba(0,0,0,.8) 100%)}
.tt-top{position:absolute;top:12px;left:0;right:0;display:flex;justify-content:center;gap:16px;color:rgba(255,255,255,.7);font-size:14px}
.tt-top b{color:#fff;border-bottom:2px solid #fff;padding-bottom:2px}
.tt-clip{position:absolute;top:38%;left:50%;transform:translate(-50%,-50%);text-align:center;opacity:.85}
.tt-clip .icon{width:56px;height:56px;filter:drop-shadow(0 2px 6px rgba(0,0,0,.5))}
.tt-clip small{display:block;font-size:11px;font-family:var(--mono)}
.tt-side{position:absolute;right:8px;bottom:120px;display:grid;gap:14px;text-align:center;filter:drop-shadow(0 1px 2px rgba(0,0,0,.5))}
.tt-side small{display:block;font-size:11px}
.tt-bottom{position:absolute;left:12px;right:56px;bottom:12px;max-height:62%;overflow:auto}
.tt-user{font-weight:700;font-size:14px;margin-bottom:4px}
.tt-privacy{font-weight:500;font-size:11px;background:rgba(255,255,255,.2);border-radius:4px;padding:1px 5px;margin-left:4px}
.tt-caption{white-space:pre-wrap;overflow-wrap:anywhere;text-shadow:0 1px 2px rgba(0,0,0,.5)}
.tt-caption .hashtag{font-weight:700}
.tt-caption[data-over]{background-color:rgba(209,36,47,.35)}
.tt-bottom .more-label{font-weight:700}
.tt-sound{margin-top:6px;font-size:12px;opacity:.9}

.web-teaser{border:1px dashed var(--line);border-radius:8px;padding:8px 12px;margin-bottom:12px}
.web-teaser small{color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-size:10px}
.web-teaser__title{font:700 17px/1.3 var(--serif);color:#1a4f8b}
.web-teaser__excerpt{color:#444;font-size:14px}
.web{border:1px solid var(--line);border-radius:10px;overflow:hidden}
.web-bar{display:flex;align-items:center;gap:10px;background:#eef0f3;padding:7px 10px;border-bottom:1px solid var(--line)}
.web-dots i{display:inline-block;width:9px;height:9px;border-radius:50%;background:#d0d4da;margin-right:4px}
.web-url{flex:1;background:#fff;border-radius:6px;padding:2px 10px;font-size:12px;color:#444;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.web-page{padding:16px 18px;max-height:560px;overflow:auto;font-family:var(--serif)}
.web-status{float:right;font:600 11px var(--sans);text-transform:uppercase;background:#eaeef2;border-radius:4px;padding:1px 6px;color:var(--muted)}
.web-title{font:700 24px/1.2 var(--serif);margin:0 0 12px}
.web-cover{display:block;width:100%;max-height:220px;object-fit:cover;border-radius:4px;margin-bottom:12px}
.web-lead,.web-content .lead{font-weight:600}
.web-content{font-size:15px;line-height:1.6}
.web-content img{max-width:100%;height:auto}
.web-content h2,.web-content h3{font-family:var(--sans);line-height:1.25}
.web-content a{color:var(--blue)}
.file summary{cursor:pointer;font:13px var(--sans);color:var(--muted)}
.file-content,.doc pre{white-space:pre-wrap;overflow-wrap:anywhere;font:12px/1.5 var(--mono);background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:4px 0 10px;max-height:420px;overflow:auto}
.doc small{color:var(--muted);font-weight:600}

.page-foot{color:var(--muted);font-size:12px;padding:0 32px 32px;max-width:60em}
@media (max-width:520px){.cards{grid-template-columns:1fr;padding:12px}.page-head{padding:16px}}
`;
