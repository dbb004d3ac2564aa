/** Where sessions go. */
export type Target =
  | { readonly kind: 'local' }
  | { readonly kind: 'openai'; readonly url: string }
  | { readonly kind: 'url'; readonly url: string };

/** The live service's Realtime endpoint. */
export const OPENAI_REALTIME_URL = 'wss://api.openai.com/v1/realtime';

/** Parses `--target`: `local`, `openai`, or a ws:// / wss:// URL. */
export function parseTarget(value: string): Target {
  if (value === 'local') return { kind: 'local' };
  if (value === 'openai') return { kind: 'openai', url: OPENAI_REALTIME_URL };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--target ${value}: use local, openai, or a ws:// or wss:// URL`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`--target ${value}: the URL must start with ws:// or wss://`);
  }
  if (url.username || url.password) {
    throw new Error('--target: do not put credentials in the URL; use OPENAI_API_KEY or --header');
  }
  return { kind: 'url', url: url.toString() };
}

/** True when the target is the emulator in this process or a server on this machine. */
export function isLoopbackTarget(target: Target): boolean {
  if (target.kind === 'local') return true;
  if (target.kind === 'openai') return false;
  const host = new URL(target.url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}
