/**
 * mammoth, which turns a Word document into HTML: the entry of `dist/vendor/docx.cjs`,
 * loaded only when an article is a `.docx` (src/article/docx/).
 */
import mammoth from 'mammoth';

export { mammoth };
