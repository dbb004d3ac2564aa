import { runRtbenchClient, runSdkClient } from './client-roles.js';
import { serveEmulator } from './emulator-role.js';
import { runLoad } from './load-role.js';
import { runLongScoring } from './long-scoring-role.js';
import type { WorkerContext, WorkerJob } from './worker-protocol.js';

/** Runs a worker's job; the result goes back to the parent as JSON. */
export function runRole(job: WorkerJob, ctx: WorkerContext): Promise<unknown> {
  switch (job.role) {
    case 'emulator':
      return serveEmulator(job, ctx);
    case 'rtbench-client':
      return runRtbenchClient(job, ctx);
    case 'sdk-client':
      return runSdkClient(job, ctx);
    case 'load':
      return runLoad(job, ctx);
    case 'long-scoring':
      return runLongScoring(job, ctx);
  }
}
