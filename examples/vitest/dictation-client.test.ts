/**
 * How a project tests its own realtime client with rtbench, offline: against the emulator (a
 * real VAD on the audio the client sends), and against recorded sessions replayed to it. Here
 * the recording is made in `beforeAll` against the emulator; a project would commit cassettes
 * recorded once against the live service (`rtbench run --target openai`, then the run folder's
 * `sessions/`), and replay those.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe } from 'vitest';
import { decodeToBuffer, runBenchmark, type BenchmarkResult } from 'rtbench';
import { expect, realtimeTest, test } from 'rtbench/vitest';
import { DictationClient } from './dictation-client.js';

const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
// Four sentences with gaps of 300, 600 and 1200 ms: with 700 ms of silence, two turns.
const ITEM = 'syn_gaps_300_600_1200ms_16k';
const SILENCE_MS = 700;

async function speech(): Promise<Buffer> {
  const audio = await decodeToBuffer(join(CORPUS, 'synthetic', `${ITEM}.wav`), { format: 'pcm16', rateHz: 24000 });
  // As rtbench does: silence after the audio, so that the server's VAD can close the last turn.
  return Buffer.concat([audio, Buffer.alloc(24000 * 2 * ((SILENCE_MS + 1000) / 1000))]);
}

test('the client hears two turns from the emulator', async ({ realtimeServer }) => {
  const client = await DictationClient.open(realtimeServer.url, { silenceDurationMs: SILENCE_MS });
  client.sendAudio(await speech());
  await client.until(() => client.turns() >= 2 && client.transcripts().length >= 2);
  expect(client.turns()).toBe(2);
  client.close();
});

describe('against a recorded session', () => {
  let recorded: BenchmarkResult;

  beforeAll(async () => {
    recorded = await runBenchmark({
      items: [ITEM], session: ['transcription'], silenceDurationMs: [SILENCE_MS], speed: 'max',
      out: mkdtempSync(join(tmpdir(), 'rtbench-example-')), runId: 'recorded', failOn: ['wer>0.1'],
    });
  });

  test('rtbench scored the recording', () => {
    expect(recorded.passed).toBe(true);
    expect(recorded).toMeet('wer<0.1, turn_split_rate<=0, turns_merged<=0');
    expect(recorded).not.toMeet('wer<0');
  });

  const replayTest = realtimeTest(() => ({ cassettes: recorded.runDir }));

  replayTest('the client hears the recorded transcripts, in the order of its turns', async ({ realtimeServer }) => {
    expect(realtimeServer.kind).toBe('replay');
    const client = await DictationClient.open(realtimeServer.url, { silenceDurationMs: SILENCE_MS });
    client.sendAudio(await speech());
    await client.until(() => client.transcripts().length >= 2);
    expect(client.transcripts().join(' ')).toBe(recorded.items[0]?.hypothesis);
    client.close();
  });
});
