import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { runCapacityStep, type CapacityStep } from '../../bench/perf/emulator-capacity.js';
import { decodeToBuffer } from '../../pipeline/decode.js';
import { ConfigError, ExitCode, type ExitCodeValue } from '../../errors.js';
import type { CliIo } from '../io.js';
import { BUNDLED_CORPUS, PACKAGE_ROOT } from '../version.js';

/** Declares the options of `rtbench bench`. */
export function declareBenchOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .positional('what', { type: 'string', describe: 'emulator: concurrent real-time sessions the emulator carries' })
    .option('vad-engine', { type: 'string', describe: 'silero or webrtc [default: silero]' })
    .option('sessions', { type: 'string', describe: 'comma list of concurrent session counts [default: 25,50,100,150,200]' })
    .option('url', { type: 'string', describe: 'measure an emulator that is already running (ws://…/v1/realtime) instead of starting one' });
}

const ITEM_ID = 'syn_gaps_300_600_1200ms_16k';

interface ManifestItem {
  id: string;
  audio: string;
  text: string;
  speech_segments: [number, number][];
  segments_text: string[];
}

/** Starts `rtbench serve` as a child process (so that its CPU time can be read) and waits for its URL. */
async function startServer(engine: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'rtbench.js'), 'serve', '--port', '0', '--vad-engine', engine], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => {
      reject(new Error(`rtbench serve exited with ${String(code)} before listening`));
    });
  });
  return { child, url };
}

function row(s: CapacityStep): string {
  const cpu = s.serverCpu === null ? '   n/a' : `${(s.serverCpu * 100).toFixed(0).padStart(5)}%`;
  return `${String(s.sessions).padStart(8)}  ${s.lagP50Ms.toFixed(1).padStart(8)}  ${s.lagP95Ms.toFixed(1).padStart(8)}  ${s.lagMaxMs.toFixed(1).padStart(8)}  ${`${s.turnsSeen}/${s.turnsExpected}`.padStart(10)}  ${cpu}`;
}

/** `rtbench bench emulator`: how many concurrent real-time sessions the emulator carries on this machine. */
export async function benchCommand(argv: Record<string, unknown>, io: CliIo): Promise<ExitCodeValue> {
  const engine = typeof argv.vadEngine === 'string' ? argv.vadEngine : 'silero';
  const sessionList = typeof argv.sessions === 'string' ? argv.sessions : '25,50,100,150,200';
  const counts = sessionList.split(',').map(Number);
  const problems = [
    ...(argv.what === 'emulator' ? [] : [`bench ${JSON.stringify(argv.what)}: only "emulator" is available`]),
    ...(engine === 'silero' || engine === 'webrtc' ? [] : [`--vad-engine ${engine}: silero or webrtc`]),
    ...(counts.every((n) => Number.isInteger(n) && n > 0) ? [] : [`--sessions ${sessionList}: positive integers`]),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const item = readFileSync(join(BUNDLED_CORPUS, 'manifest.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ManifestItem).find((i) => i.id === ITEM_ID);
  if (!item) throw new ConfigError([`the bundled corpus has no ${ITEM_ID}`]);
  const speech = await decodeToBuffer(join(BUNDLED_CORPUS, item.audio), { format: 'pcm16', rateHz: 24000 });
  const audio = Buffer.concat([speech, Buffer.alloc(24000 * 2 * 1.5)]);
  const { child, url } = typeof argv.url === 'string' ? { child: null, url: argv.url } : await startServer(engine);
  io.stdout.write(`emulator (${child ? engine : 'already running'}) at ${url}; each session streams ${(audio.length / 48000).toFixed(1)} s of speech in real time\n`);
  io.stdout.write('sessions   lag p50   lag p95   lag max       turns  server CPU (100% = one core)\n');
  try {
    for (const sessions of counts) {
      if (io.signal?.aborted) break;
      const step = await runCapacityStep({ url, audio, hint: { text: item.text, segments: item.speech_segments, segmentsText: item.segments_text }, turnsPerPass: 3, serverPid: child?.pid ?? null }, sessions);
      io.stdout.write(`${row(step)}\n`);
    }
  } finally {
    child?.kill('SIGINT');
  }
  return ExitCode.Ok;
}
