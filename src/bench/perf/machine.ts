import { execFile } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { promisify } from 'node:util';

/** The machine the figures were taken on, and how busy it was. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  /** First line of `ffmpeg -version` of the binary rtbench decodes with. */
  readonly ffmpeg: string;
  /** sclite's path when installed (`sctk sclite`), else null. */
  readonly sclite: string | null;
  /** 1, 5 and 15 minute load averages when the bench started and ended. */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

const run = promisify(execFile);

async function ffmpegVersion(ffmpegPath: string): Promise<string> {
  try {
    const { stdout } = await run(ffmpegPath, ['-version']);
    const first = stdout.split('\n')[0] ?? '';
    return /ffmpeg version (\S+)/.exec(first)?.[1] ?? first;
  } catch {
    return 'unknown';
  }
}

/** Describes this machine; `loadAfter` is filled in at the end. */
export async function describeThisMachine(node: string, ffmpegPath: string, sclite: string | null): Promise<MachineInfo> {
  const loadBefore = loadavg();
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node,
    ffmpeg: await ffmpegVersion(ffmpegPath),
    sclite,
    loadBefore,
    loadAfter: loadBefore,
  };
}

/** Records the load average at the end of the bench. */
export function finishMachine(machine: MachineInfo): MachineInfo {
  return { ...machine, loadAfter: loadavg() };
}
