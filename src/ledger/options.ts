/** How a ledger is opened; every backend takes the same options. */
export interface LedgerOptions {
  /**
   * Machine name written into rows this process touches.
   * @default process.env.PUBLISH_HOST, else os.hostname()
   */
  host?: string;
  /** Process id written into rows this process touches. @default process.pid */
  pid?: number;
  /** Open for reading only (`publish status`): no directory, no file, no migration. @default false */
  readonly?: boolean;
  /**
   * How long to wait for another process's lock before failing, ms. Tests shorten it.
   * @default 5000
   */
  busyTimeoutMs?: number;
}
