import { describe, expect, it } from 'vitest';
import { configProblems } from '../helpers/config-problems.js';
import { sessionSettings } from '../../src/bench/unit.js';
import { createVirtualClock } from '../../src/clock.js';
import { expandMatrix } from '../../src/config/matrix.js';
import { resolveOptions, type ResolvedOptions, type RunOptions } from '../../src/config/options.js';
import type { AudioFormat, ProtocolGeneration, RunConfig, SessionKind, VadMode } from '../../src/config/types.js';
import { ConfigError } from '../../src/errors.js';
import { msToBytes, silence } from '../../src/pipeline/audio-format.js';
import { buildClientSecretRequest, type ClientEvent } from '../../src/pipeline/protocol/session-config.js';
import { CLIENT_EVENT_IDS, runSession } from '../../src/pipeline/session.js';
import { createScriptedTransport, type Script } from '../../src/pipeline/transport/scripted.js';
import { realtimeSchema } from '../helpers/realtime-schema.js';

/**
 * Every client event the harness can send, for every combination of the protocol options,
 * is validated against the official schema of its generation with unknown fields forbidden
 * (REALTIME.md §0): the events are the ones a real session sends through a scripted server.
 */

interface Combination {
  readonly protocol: ProtocolGeneration;
  readonly session: SessionKind;
  readonly vad: VadMode;
  readonly format: AudioFormat;
  readonly rate: number | null;
  readonly transcribeModel: string;
  readonly hints: boolean;
  readonly includeLogprobs: boolean;
}

const FORMATS = [
  { format: 'pcm16', rate: 24000 },
  { format: 'pcm16', rate: 16000 },
  { format: 'g711_ulaw', rate: null },
  { format: 'g711_alaw', rate: null },
] as const;
/** Transcription models of each generation's schema (model names are passed through as given; these are the official ones). */
const TRANSCRIBE_MODELS = { ga: ['gpt-4o-transcribe', 'whisper-1', 'gpt-realtime-whisper'], beta: ['gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'whisper-1'] } as const;
/** A target that is not the live service: 16 kHz PCM is allowed there. */
const TARGET = 'ws://127.0.0.1:8787/v1/realtime';

/**
 * Where the harness knowingly sends what the schema does not allow, why, and the one-field
 * change after which the event validates. Each gap must show up, and nothing else may fail.
 */
const SCHEMA_GAPS = [
  {
    id: 'ga-pcm-16khz',
    why: 'The GA `rate` enum is [24000]. 16 kHz PCM is sent only to non-OpenAI targets (the emulator, compatible servers); --target openai refuses it up front.',
    applies: (c: Combination, e: ClientEvent) => c.protocol === 'ga' && c.rate === 16000 && e.type === 'session.update' && e.event_id !== CLIENT_EVENT_IDS.barrier,
    fix: (session: Record<string, unknown>) => ((((session.audio as Record<string, unknown>).input as Record<string, unknown>).format as Record<string, unknown>).rate = 24000),
  },
  {
    id: 'beta-turn-detection-null',
    why: 'The beta schema describes turn_detection as "Can be set to `null` to turn off" and its own session.updated example shows `"turn_detection": null`, but the type lacks `nullable`. Manual commits need it.',
    applies: (c: Combination, e: ClientEvent) => c.protocol === 'beta' && c.vad === 'none' && e.type.endsWith('session.update') && e.event_id !== CLIENT_EVENT_IDS.barrier,
    fix: (session: Record<string, unknown>) => (session.turn_detection = { type: 'server_vad' }),
  },
] as const;

function refusals(c: Combination): RegExp[] {
  const expected: RegExp[] = [];
  if (c.protocol === 'beta' && c.rate === 16000) expected.push(/--rate 16000 cannot be used with --protocol beta: beta `pcm16` has no rate field/);
  if (c.protocol === 'beta' && c.session === 'realtime' && c.includeLogprobs) expected.push(/--include-logprobs cannot be used with --protocol beta --session realtime/);
  if (c.transcribeModel === 'gpt-realtime-whisper' && c.vad !== 'none') expected.push(/gpt-realtime-whisper cannot be used with --vad/);
  return expected;
}

function resolve(c: Combination): ResolvedOptions | string[] {
  const options: RunOptions = {
    target: TARGET, protocol: [c.protocol], session: [c.session], vad: [c.vad], format: c.format, transcribeModel: [c.transcribeModel], includeLogprobs: c.includeLogprobs,
    ...(c.rate === null ? {} : { rate: [c.rate] }), ...(c.hints ? { language: 'en', prompt: 'Expect the names Ada and Grace.' } : {}),
  };
  try {
    return resolveOptions(options, { cwd: '/', env: {}, bundledCorpus: '/corpus' });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

/** A server that accepts whatever it is sent and answers manual commits. */
const acceptingServer = (config: RunConfig): Script => {
  const prefix = config.protocol === 'beta' && config.session === 'transcription' ? 'transcription_session' : 'session';
  return (event, c) => {
    if (event === null) return c.emit({ type: `${prefix}.created`, session: {} });
    if (event.type.endsWith('session.update')) c.emit({ type: `${prefix}.updated`, session: {} });
    if (event.type === 'input_audio_buffer.commit') {
      c.emit({ type: 'input_audio_buffer.committed', item_id: 'item_M', previous_item_id: null });
      c.emit({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_M', content_index: 0, transcript: 'x' });
    }
    if (event.type === 'response.create') {
      c.emit({ type: 'response.created', response: { id: 'resp_M' } });
      c.emit({ type: 'response.done', response: { id: 'resp_M', status: 'completed' } });
    }
  };
};

async function sentEvents(config: RunConfig, options: ResolvedOptions): Promise<ClientEvent[]> {
  const clock = createVirtualClock({ autoAdvance: true });
  const transport = createScriptedTransport(acceptingServer(config), clock);
  const spec = { format: config.format, rateHz: config.rateHz };
  const plan = { config, settings: sessionSettings(options, null), chunkMs: 40, speed: 'max' as const, tailSilenceMs: 200, turnTimeoutMs: 2000, connectTimeoutMs: 1000 };
  async function* audio(): AsyncGenerator<Buffer> {
    yield silence(spec, 300);
  }
  const result = await runSession(plan, { transport, clock, audio: audio(), signal: new AbortController().signal });
  expect(result.error).toBeNull();
  return transport.sent;
}

const usedGaps = new Set<string>();

function checkEvent(c: Combination, event: ClientEvent, validate: (e: unknown) => string[], label: string): void {
  const gaps = SCHEMA_GAPS.filter((g) => g.applies(c, event));
  if (gaps.length === 0) {
    expect(validate(event), label).toEqual([]);
    return;
  }
  expect(validate(event).length, `${label}: the gap ${gaps.map((g) => g.id).join(',')} no longer exists in the schema`).toBeGreaterThan(0);
  const fixed = structuredClone(event) as unknown as { session: Record<string, unknown> };
  for (const gap of gaps) {
    gap.fix(fixed.session);
    usedGaps.add(gap.id);
  }
  expect(validate(fixed), `${label} with the documented gaps closed`).toEqual([]);
}

async function checkCombination(c: Combination): Promise<void> {
  const label = JSON.stringify(c);
  const resolved = resolve(c);
  const expectedRefusals = refusals(c);
  if (Array.isArray(resolved)) {
    expect(expectedRefusals.length, `${label} was refused: ${resolved.join(' | ')}`).toBeGreaterThan(0);
    expect(resolved).toHaveLength(expectedRefusals.length);
    for (const reason of expectedRefusals) expect(resolved.join('\n')).toMatch(reason);
    return;
  }
  expect(expectedRefusals, `${label} should have been refused`).toEqual([]);
  const [config] = expandMatrix(resolved);
  if (!config) throw new Error('no config');
  const schema = realtimeSchema(c.protocol);
  const sent = await sentEvents(config, resolved);
  expect(new Set(sent.map((e) => e.type))).toEqual(new Set([
    c.protocol === 'beta' && c.session === 'transcription' ? 'transcription_session.update' : 'session.update', 'input_audio_buffer.append',
    ...(c.vad === 'none' ? ['input_audio_buffer.commit', ...(c.session === 'realtime' ? ['response.create'] : [])] : []),
  ]));
  for (const event of sent) checkEvent(c, event, (e) => schema.validateClient(e), `${label} ${event.type}${event.event_id === CLIENT_EVENT_IDS.barrier ? ' (barrier)' : ''}`);
  expect(sent.at(-1)?.event_id, `${label}: the end-of-audio barrier is the last event sent`).toBe(CLIENT_EVENT_IDS.barrier);
  const appendBytes = Buffer.from(sent.find((e) => e.type === 'input_audio_buffer.append')?.audio as string, 'base64').length;
  expect(appendBytes, `${label} 40 ms chunk`).toBe(msToBytes({ format: config.format, rateHz: config.rateHz }, 40));
  if (c.protocol === 'ga') {
    const mint = { type: 'session.update', ...buildClientSecretRequest(config, sessionSettings(resolved, null)) } as ClientEvent;
    checkEvent(c, mint, (e) => schema.validateComponent('RealtimeCreateClientSecretRequest', { session: (e as { session: unknown }).session }, 'client'), `${label} client_secrets body`);
  }
}

describe('every client event validates against the official schema of its protocol', () => {
  for (const protocol of ['ga', 'beta'] as const) {
    for (const session of ['realtime', 'transcription'] as const) {
      for (const vad of ['server_vad', 'semantic_vad', 'none'] as const) {
        for (const { format, rate } of FORMATS) {
          it(`${protocol} ${session} ${vad} ${format}${rate === null ? '' : ` ${rate} Hz`}`, async () => {
            for (const transcribeModel of TRANSCRIBE_MODELS[protocol]) {
              for (const hints of [false, true]) {
                for (const includeLogprobs of [false, true]) await checkCombination({ protocol, session, vad, format, rate, transcribeModel, hints, includeLogprobs });
              }
            }
          });
        }
      }
    }
  }

  it('used each documented schema gap, and only those', () => {
    expect([...usedGaps].sort()).toEqual(SCHEMA_GAPS.map((g) => g.id).sort());
  });
});

describe('combinations refused up front', () => {
  const problems = (o: RunOptions, env: Record<string, string> = {}): string => {
    return configProblems(() => resolveOptions(o, { cwd: '/', env, bundledCorpus: '/corpus' })).join('\n');
  };

  it('refuses 16 kHz PCM for the live API, which takes 24 kHz only', () => {
    expect(problems({ target: 'openai', rate: [16000] }, { OPENAI_API_KEY: 'sk-test' })).toMatch(/--rate 16000 cannot be used with --target openai: the live API takes 24 kHz PCM only/);
    expect(problems({ target: 'openai', rate: [24000] }, { OPENAI_API_KEY: 'sk-test' })).toBe('');
  });

  it('refuses a rate other than 8000 Hz for G.711', () => {
    expect(problems({ format: 'g711_ulaw', rate: [16000] })).toMatch(/G.711 is 8000 Hz by definition/);
    expect(problems({ format: 'g711_alaw' })).toBe('');
  });

  it('refuses ephemeral keys for beta, without a key, or on a URL that has no /realtime path', () => {
    expect(problems({ auth: 'ephemeral', protocol: ['beta'] })).toMatch(/--auth ephemeral cannot be used with --protocol beta/);
    expect(problems({ auth: 'ephemeral', target: 'wss://relay.example.com/v1/realtime' })).toMatch(/needs an API key/);
    expect(problems({ auth: 'ephemeral', target: 'wss://relay.example.com/socket' }, { OPENAI_API_KEY: 'sk-test' })).toMatch(/path ends in \/realtime/);
    expect(problems({ auth: 'ephemeral', target: 'wss://relay.example.com/openai/v1/realtime' }, { OPENAI_API_KEY: 'sk-test' })).toBe('');
  });
});
