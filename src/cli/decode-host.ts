import { startDecodeHost, type DecodeHostMessage } from '../pipeline/decode-host.js';

/**
 * Entry of rtbench's decode host process (forked with an IPC channel by pipeline/decode-client.ts):
 * serves ffmpeg decodes on a local socket until its parent goes away.
 */
// A parent that went away while a verdict was on its way is no error: there is no one to tell.
const tell = (message: DecodeHostMessage): void => {
  if (process.connected) process.send?.(message, undefined, undefined, () => undefined);
};
const host = await startDecodeHost(tell);
tell({ type: 'listening', socketPath: host.socketPath });
process.on('disconnect', () => {
  host.close();
  // Any ffmpeg still running is killed when its socket closes; give them a moment, then go.
  setTimeout(() => process.exit(0), 500).unref();
});
