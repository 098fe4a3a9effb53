/**
 * The one lazy loader of every channel type's sending code. A type's index.ts spreads
 *
 *   ...lazyDeliver(() => import('./deliver.js'), { clients: ['got'], lookup: true, verify: true })
 *
 * into its ChannelType: `deliver`, `lookup` and `verify` import `deliver.js` on first call
 * (with its platform client), `load` imports it and readies the client without sending, and
 * `clients` names the client bundles that module loads (for the build). The import stays a
 * literal in the type's own folder, so the bundler keeps that module out of what a dry-run runs.
 */
import type { ChannelType, DeliverModule } from './types.js';

/** The functions a channel may lack, so the engine asks for them without loading anything. */
type Optional = 'lookup' | 'verify' | 'retract' | 'unschedule';

/**
 * Which optional functions the module exports: exactly those, each `true` (the compiler
 * refuses one the module lacks and requires every one it has).
 */
export type Exported<M> = { [K in Extract<keyof M, Optional>]: true };

/** What the sending module exports and loads. */
export type Sending<M> = Exported<M> & Pick<ChannelType, 'clients'>;

/** The sending part of a ChannelType, typed from the module it loads. */
export type LazyDelivery<M extends DeliverModule> = Pick<M, 'deliver' | Extract<keyof M, Optional>> &
  Required<Pick<ChannelType, 'load'>> &
  Pick<ChannelType, 'clients'>;

/**
 * `deliver`, `load`, and the optional functions `sending` names, each loading the module
 * from `importer` when first called and calling the module's function of the same name;
 * and the `clients` it names.
 */
export function lazyDeliver<M extends DeliverModule>(importer: () => Promise<M>, sending: Sending<M>): LazyDelivery<M> {
  const call =
    (name: 'deliver' | Optional) =>
    async (...args: unknown[]): Promise<unknown> =>
      ((await importer())[name] as (...a: unknown[]) => Promise<unknown>)(...args);
  const { clients, ...has } = sending;
  const delivery: Record<string, unknown> = {
    deliver: call('deliver'),
    // The sending code and its client, loaded without sending (see ChannelType.load).
    load: async () => (await importer()).loadClient?.(),
  };
  if (clients) delivery.clients = clients;
  for (const name of Object.keys(has) as Optional[]) delivery[name] = call(name);
  return delivery as LazyDelivery<M>;
}
