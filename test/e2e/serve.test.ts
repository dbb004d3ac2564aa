import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { connectClient, typesOf, type TestClient } from '../helpers/emulator-client.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { gapsAudioPieces, SEGMENTS, sendPcm, SENTENCES, waitForCount } from '../helpers/conversation.js';

/** Starts `rtbench serve` in-process; resolves with its URL, its output so far and a stop function. */
async function serve(args: string[], env: Record<string, string> = {}): Promise<{ url: string; stdout: () => string; stop: () => Promise<{ code: number; stdout: string; stderr: string }> }> {
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  const done = runCli(['serve', '--port', '0', ...args], { signal: controller.signal, env, stdout: { write: (t) => void (stdout += t) }, stderr: { write: (t) => void (stderr += t) } });
  const started = performance.now();
  while (!/listening on (\S+)/.test(stdout)) {
    if (performance.now() - started > 20_000) throw new Error(`serve did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: /listening on (\S+)/.exec(stdout)?.[1] ?? '',
    stdout: () => stdout,
    stop: async () => {
      controller.abort();
      const { code } = await done;
      return { code, stdout, stderr };
    },
  };
}

/** A transcription session without a hint that streams the first two sentences of the synthetic file. */
async function twoSentences(url: string): Promise<TestClient> {
  const client = await connectClient(`${url}?intent=transcription`);
  client.send({ type: 'session.update', session: { type: 'transcription', audio: { input: { transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'server_vad', silence_duration_ms: 200 } } } } });
  await client.waitFor((e) => typesOf(e).includes('session.updated'));
  const [audio] = await gapsAudioPieces([SEGMENTS[1]![1] + 0.5]);
  sendPcm(client, audio!);
  await waitForCount(client, 'conversation.item.input_audio_transcription.completed', 2);
  return client;
}

const transcripts = (c: TestClient): unknown[] => c.events.filter((e) => e.type === 'conversation.item.input_audio_transcription.completed').map((e) => e.transcript);

describe('rtbench serve: transcripts for clients that send no hint', () => {
  it('--script gives each turn its line, in order', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'turns.txt'), 'First thing.\n{"text": "Second thing."}\n');
    const server = await serve(['--vad-engine', 'webrtc', '--script', join(dir, 'turns.txt')]);
    expect(server.stdout()).toContain('else the 2 turn(s) of --script');
    const client = await twoSentences(server.url);
    expect(transcripts(client)).toEqual(['First thing.', 'Second thing.']);
    client.close();
    await server.stop();
  });

  it('--corpus recognises the item the client streams', async () => {
    const server = await serve(['--vad-engine', 'webrtc', '--corpus', BUNDLED_CORPUS]);
    expect(server.stdout()).toMatch(/else the \d+ item\(s\) of --corpus .* recognised in the audio/);
    const client = await twoSentences(server.url);
    // WebRTC VAD turns differ a little from the true segments; the words go by time.
    expect(transcripts(client).join(' ')).toBe(SENTENCES.slice(0, 2).join(' '));
    client.close();
    const { stdout } = await server.stop();
    expect(stdout).not.toContain('notice:');
  });

  it('with neither, says once how to get transcripts', async () => {
    const server = await serve(['--vad-engine', 'webrtc']);
    for (let i = 0; i < 2; i++) {
      const c = await connectClient(`${server.url}?model=gpt-realtime`);
      await c.waitFor((e) => typesOf(e).includes('session.created'));
      c.close();
    }
    const { stdout } = await server.stop();
    expect(stdout.match(/notice: a client sent no x-rtbench-reference hint/g)).toHaveLength(1);
    expect(stdout).toContain('--corpus DIR');
    expect(stdout).toContain('--script FILE');
  });

  it('refuses a bad --script or --corpus with exit 2, naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.txt'), 'ok\n{"text": 1}\n');
    const bad = await runCli(['serve', '--port', '0', '--script', join(dir, 'bad.txt')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--script ${join(dir, 'bad.txt')} line 2: "text" must be a string`);
    const missing = await runCli(['serve', '--port', '0', '--vad-engine', 'webrtc', '--corpus', join(dir, 'nothing')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`corpus folder ${join(dir, 'nothing')} does not exist`);
  });
});

describe('rtbench serve', () => {
  it('serves sessions until interrupted, then exits 0; logs and faults as asked', async () => {
    const dir = tempDir();
    const log = join(dir, 'emulator.jsonl');
    const server = await serve(['--vad-engine', 'webrtc', '--fault', 'close:code=4002,session=2', '--log', log]);
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    expect(server.stdout()).toContain('REST: POST http://127.0.0.1:');
    expect(server.stdout()).toContain('fault: close:code=4002,session=2');
    const first = await connectClient(`${server.url}?model=gpt-realtime`);
    await first.waitFor((e) => typesOf(e).includes('session.created'));
    const second = await connectClient(`${server.url}?model=gpt-realtime`);
    expect((await second.closed).code).toBe(4002);
    first.close();
    const { code, stdout } = await server.stop();
    expect(code).toBe(0);
    expect(stdout).toContain('rtbench emulator stopped');
    const entries = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.filter((e) => e.event === 'session.open').map((e) => e.session)).toEqual([1, 2]);
    expect(entries).toContainEqual(expect.objectContaining({ event: 'fault', session: 2, fault: 'close:code=4002,session=2' }));
  });

  it('takes its API key from the environment and never prints it', async () => {
    const server = await serve(['--vad-engine', 'webrtc'], { RTBENCH_EMULATOR_API_KEY: 'sk-serve-secret' });
    expect(server.stdout()).toContain('API key or client secret required');
    const refused = await connectClient(`${server.url}?model=gpt-realtime`, { Authorization: 'Bearer nope' });
    expect((await refused.closed).code).toBe(3000);
    const { stdout, stderr } = await server.stop();
    expect(stdout + stderr).not.toContain('sk-serve-secret');
  });

  it('reports every bad option at once, with exit 2, before listening', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schema_version: 1, models: { x: { transcript_completed_ms: { median: 0, p95: 1 } } } }));
    const result = await runCli(['serve', '--host', '0.0.0.0', '--fault', 'explode', '--profile', join(dir, 'bad.json'), '--vad-engine', 'rnnoise', '--port', '-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--host 0.0.0.0: listening beyond this machine needs --api-key');
    expect(result.stderr).toContain('--fault fault "explode": unknown kind');
    expect(result.stderr).toContain('models.x.transcript_completed_ms: median must be > 0');
    expect(result.stderr).toContain('--vad-engine "rnnoise": silero or webrtc');
    expect(result.stderr).toContain('--port -1: must be a whole number from 0 to 65535');
  });
});
