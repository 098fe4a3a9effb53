/** The shared channel contract's registry part, for every type src/channels/index.ts lists. */
import { testChannelTypes } from './contract.js';

testChannelTypes();
