/** The text toolkit: measuring, fitting, escaping, hashtags, templates, Telegram HTML checks. */
export * from './measure.js';
export * from './fit.js';
export * from './escape.js';
export * from './hashtags.js';
export * from './template.js';
export * from './telegram-html.js';
export { segmentText, isGraphemeBoundary, type Granularity, type TextSegment } from './segment.js';
