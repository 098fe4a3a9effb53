import { z } from 'zod';

// Every schema here parses once per run: zod's compiled fast path (new Function per object
// shape) costs more to build than it saves. Set before any schema exists, as it is read then.
z.config({ jitless: true });

export { z };

/**
 * An endpoint: an http:// or https:// address. `z.url()` alone takes any scheme (`htp://`,
 * `file://`, `javascript:`), which no platform client can use.
 */
export const webUrl = () => z.url({ protocol: /^https?$/ });
