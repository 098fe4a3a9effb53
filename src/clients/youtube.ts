/** The part of `@googleapis/youtube` the YouTube channel uses: the entry of `dist/vendor/youtube.cjs`. */
export { auth, youtube } from '@googleapis/youtube';
