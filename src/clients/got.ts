/** got, for every channel that speaks plain HTTP: the entry of `dist/vendor/got.cjs`. */
export { got } from 'got';
