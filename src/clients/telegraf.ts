/** The part of telegraf the Telegram channel uses: the entry of `dist/vendor/telegraf.cjs`. */
export { Input, Telegram } from 'telegraf';
