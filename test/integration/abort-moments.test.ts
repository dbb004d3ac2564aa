import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEndpoint, type Endpoint } from '../../src/bench/endpoint.js';
import { cassettePath, runUnit, type UnitContext } from '../../src/bench/unit.js';
import { realClock } from '../../src/clock.js';
import { BUNDLED_CORPUS } from '../../src/cli/version.js';
import { expandMatrix } from '../../src/config/matrix.js';
import { resolveOptions, type ResolvedOptions } from '../../src/config/options.js';
import { loadCorpus, type CorpusItem } from '../../src/corpus/manifest.js';
import { CLIENT_EVENT_IDS } from '../../src/pipeline/session.js';
import { createWsTransport } from '../../src/pipeline/transport/ws.js';
import type { Transport } from '../../src/pipeline/transport/transport.js';
import { tempDir } from '../helpers/cli.js';

/**
 * An interrupt can land at any moment of a session: before the decode host answers, while
 * ffmpeg starts, while connecting, mid-stream, in the tail silence, while waiting for the
 * transcripts. Wherever it lands, the session ends as aborted, without waiting out a timeout.
 * The moments are chosen by what the session has done (turns of the event loop, frames sent
 * and received), not by wall-clock delays.
 */

/** What the session has done when the abort fires. */
type Trigger =
  | { readonly kind: 'before' }
  | { readonly kind: 'turns'; readonly turns: number }
  | { readonly kind: 'open' }
  | { readonly kind: 'received'; readonly type: string }
  | { readonly kind: 'sent'; readonly type: string; readonly nth: number }
  | { readonly kind: 'barrier' };

const MOMENTS: readonly { readonly name: string; readonly trigger: Trigger }[] = [
  // The first one runs before this process has a decode host: the abort lands while it starts.
  { name: 'in the turn the session starts, before the decode host answers', trigger: { kind: 'turns', turns: 0 } },
  { name: 'before the session starts', trigger: { kind: 'before' } },
  ...[1, 2, 4, 8, 16, 32, 64, 128].map((turns) => ({ name: `${turns} turn(s) of the event loop in (decode host, ffmpeg starting)`, trigger: { kind: 'turns', turns } as const })),
  { name: 'when the socket opens', trigger: { kind: 'open' } },
  { name: 'when session.created arrives', trigger: { kind: 'received', type: 'session.created' } },
  { name: 'when the session is configured', trigger: { kind: 'received', type: 'session.updated' } },
  { name: 'at the first append', trigger: { kind: 'sent', type: 'input_audio_buffer.append', nth: 1 } },
  { name: 'mid-stream', trigger: { kind: 'sent', type: 'input_audio_buffer.append', nth: 15 } },
  { name: 'when speech starts', trigger: { kind: 'received', type: 'input_audio_buffer.speech_started' } },
  { name: 'in the tail silence, when speech_stopped arrives', trigger: { kind: 'received', type: 'input_audio_buffer.speech_stopped' } },
  { name: 'when the turn is committed, waiting for its transcript', trigger: { kind: 'received', type: 'input_audio_buffer.committed' } },
  { name: 'at the end-of-audio barrier', trigger: { kind: 'barrier' } },
];

/** A transport that fires `abort` when the session reaches the trigger. */
function watched(inner: Transport, trigger: Trigger, abort: () => void): Transport {
  let sent = 0;
  inner.subscribe({
    onOpen: () => {
      if (trigger.kind === 'open') abort();
    },
    onEvent: (event) => {
      if (trigger.kind === 'received' && event.type === trigger.type) abort();
    },
    onClose: () => undefined,
  });
  return {
    ...inner,
    send(event) {
      inner.send(event);
      if (trigger.kind === 'sent' && event.type === trigger.type && ++sent === trigger.nth) abort();
      if (trigger.kind === 'barrier' && event.event_id === CLIENT_EVENT_IDS.barrier) abort();
    },
  };
}

function afterTurns(turns: number, fn: () => void): void {
  if (turns === 0) fn();
  else setImmediate(() => afterTurns(turns - 1, fn));
}

describe('an interrupt at any moment of a session', () => {
  let endpoint: Endpoint;
  let options: ResolvedOptions;
  let item: CorpusItem;
  const runDir = tempDir();

  beforeAll(async () => {
    // Timeouts far above any abort's duration: a session that waited one out would show.
    options = resolveOptions({ out: runDir, speed: 4, vadEngine: 'webrtc', turnTimeoutMs: 60_000, connectTimeoutMs: 60_000 }, { cwd: process.cwd(), env: {}, bundledCorpus: BUNDLED_CORPUS });
    endpoint = await openEndpoint(options);
    const found = loadCorpus(BUNDLED_CORPUS).items.find((i) => i.id === 'arctic_axb_a0005');
    if (found === undefined) throw new Error('no item arctic_axb_a0005 in the bundled corpus');
    item = found;
  });

  afterAll(async () => {
    await endpoint.close();
  });

  for (const [index, { name, trigger }] of MOMENTS.entries()) {
    it(`ends the session as aborted, promptly: ${name}`, async () => {
      const controller = new AbortController();
      const fired: { atMs: number | null } = { atMs: null };
      const abort = (): void => {
        if (fired.atMs !== null) return;
        fired.atMs = realClock.now();
        controller.abort(new Error('interrupted'));
      };
      const ctx: UnitContext = {
        runId: 'r', runDir, options, endpoint, clock: realClock, signal: controller.signal, harnessVersion: 'test',
        createTransport: (url, headers) => watched(createWsTransport({ url, headers, connectTimeoutMs: options.connectTimeoutMs }), trigger, abort),
      };
      const [config] = expandMatrix(options);
      if (config === undefined) throw new Error('no config');
      if (trigger.kind === 'before') abort();
      const result = runUnit(ctx, { config, item, repeat: index + 1 });
      if (trigger.kind === 'turns') afterTurns(trigger.turns, abort);
      const row = await result;
      const endedMs = realClock.now();
      expect(fired.atMs, 'the moment was reached').not.toBeNull();
      expect(row).toMatchObject({ status: 'error', state: 'aborted' });
      // No timeout was waited out: every one of them is a minute here.
      expect(endedMs - (fired.atMs ?? endedMs)).toBeLessThan(20_000);
      const lines = readFileSync(cassettePath(runDir, { config, itemId: item.id, repeat: index + 1 }), 'utf8').trim().split('\n');
      expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ dir: 'ws', event: { type: 'end', state: 'aborted' } });
    }, 120_000);
  }
});
