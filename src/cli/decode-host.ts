import { startDecodeHost, type DecodeHostMessage } from '../pipeline/decode-host.js';

/**
 * Entry of rtbench's decode host process (forked with an IPC channel by pipeline/decode-client.ts):
 * serves ffmpeg decodes on a local socket until its parent goes away.
 */
const host = await startDecodeHost((message: DecodeHostMessage) => {
  if (process.connected) process.send?.(message);
});
process.send?.({ type: 'listening', socketPath: host.socketPath } satisfies DecodeHostMessage);
process.on('disconnect', () => {
  host.close();
  // Any ffmpeg still running is killed when its socket closes; give them a moment, then go.
  setTimeout(() => process.exit(0), 500).unref();
});
