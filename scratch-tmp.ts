import { readArticles } from './src/article/index.js';
const arts = await readArticles(['examples/istanbul-talks.md', 'examples/donations-export.txt', 'examples/kyiv-energy-uk.md'], { cwd: process.cwd(), strip: ['^Babel needs your support', '^(€\\d+\\s*)+$', '^Donate', '^Photo:'].map((s) => new RegExp(s)), defaultLanguage: 'en' });
for (const a of arts) {
  console.log({ ...a, bodyHtml: a.bodyHtml.slice(0, 300), body: a.body.map((b) => `${b.kind}: ${b.text.slice(0, 90)}`) });
  console.log('body chars', a.body.map((b) => b.text).join('\n\n').length, 'slug len', [...a.slug].length);
}
