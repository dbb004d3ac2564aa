import { runRole } from '../bench/perf/roles.js';
import type { ParentMessage, ProcessProbe, WorkerMessage } from '../bench/perf/worker-protocol.js';

/**
 * Entry of a `rtbench bench` worker process (forked with an IPC channel): takes one job from
 * the parent, runs it, sends the result back and exits. Only this shell touches the process.
 */

const probe: ProcessProbe = {
  cpuMs: () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  },
  maxRssBytes: () => process.resourceUsage().maxRSS * 1024,
  memory: () => {
    const usage = process.memoryUsage();
    return { heapUsedBytes: usage.heapUsed, externalBytes: usage.external };
  },
};

function send(message: WorkerMessage): void {
  process.send?.(message);
}

let stop: () => void = () => undefined;
const stopped = new Promise<void>((resolve) => {
  stop = resolve;
});

process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') stop();
  else if (message.type === 'probe') send({ type: 'probe', cpuMs: probe.cpuMs(), maxRssBytes: probe.maxRssBytes() });
  else {
    const ready = (info: unknown): void => {
      send({ type: 'ready', info });
    };
    runRole(message.job, { probe, stopped, cwd: process.cwd(), ready })
      .then((result) => {
        send({ type: 'result', result });
      })
      .catch((error: unknown) => {
        send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      })
      .finally(() => {
        process.disconnect();
      });
  }
});
// The parent went away: nothing left to report to.
process.on('disconnect', () => {
  stop();
  setTimeout(() => process.exit(0), 2000).unref();
});
