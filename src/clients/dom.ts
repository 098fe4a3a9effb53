/**
 * What reading an HTML article needs: htmlparser2 (a first pass over the source), linkedom
 * (the DOM) and Mozilla's Readability (which finds the article in a page). The entry of
 * `dist/vendor/dom.cjs`, loaded only when an article is HTML (src/article/html/).
 */
export { Parser } from 'htmlparser2';
export { parseHTML } from 'linkedom';
export { Readability } from '@mozilla/readability';
