/** The card's inputs are part of a channel type's contract: they live with it. */
export type { CardInput, StageRenderer } from '../channels/types.js';
