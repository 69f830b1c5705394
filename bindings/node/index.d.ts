/** Absolute path of the vaultlister loadable library inside this package. */
export function getLoadablePath(): string;
/** Loads vaultlister into a database that has loadExtension(path), e.g. better-sqlite3. */
export function load<T extends { loadExtension(path: string): unknown }>(db: T): T;
