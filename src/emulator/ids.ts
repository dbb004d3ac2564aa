const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Makes ids shaped like the service's: a prefix, `_`, and 21 base62 characters. */
export function createIdGenerator(rng: () => number): (prefix: string) => string {
  return (prefix) => {
    let id = `${prefix}_`;
    for (let i = 0; i < 21; i++) id += BASE62[Math.floor(rng() * 62)] ?? '0';
    return id;
  };
}
