import type { ResolvedOptions } from './options.js';
import type { Target } from './target.js';

/** The options the protocol rules look at. */
export type ProtocolChoice = Pick<ResolvedOptions, 'protocol' | 'session' | 'vad' | 'transcribeModel' | 'rate' | 'format' | 'auth' | 'includeLogprobs' | 'transport' | 'speed'>;

/** Transcription model that the service runs without turn detection only (REALTIME.md §4.3). */
export const MANUAL_COMMIT_MODELS = ['gpt-realtime-whisper'] as const;

function formatRules(problems: string[], o: ProtocolChoice, rateGiven: boolean): void {
  // With PCM among the formats, --rate is PCM's; G.711 alone is 8000 Hz by definition.
  const pcm = o.format.includes('pcm16');
  if (!pcm && rateGiven && o.rate.some((r) => r !== 8000)) {
    problems.push(`--rate ${o.rate.join(',')} cannot be used with --format ${o.format.join(',')}: G.711 is 8000 Hz by definition (leave --rate out)`);
  }
  if (pcm && o.protocol.includes('beta') && o.rate.includes(16000)) {
    problems.push(
      '--rate 16000 cannot be used with --protocol beta: beta `pcm16` has no rate field and always means 24 kHz, so a server would read 16 kHz audio 1.5 times too fast (use --rate 24000, or --protocol ga with a non-OpenAI target)',
    );
  }
}

function sessionRules(problems: string[], o: ProtocolChoice): void {
  if (o.includeLogprobs && o.protocol.includes('beta') && o.session.includes('realtime')) {
    problems.push('--include-logprobs cannot be used with --protocol beta --session realtime: beta conversation sessions have no `include` (only transcription_session.update has one); use --protocol ga or --session transcription');
  }
  for (const model of MANUAL_COMMIT_MODELS) {
    const vads = o.vad.filter((v) => v !== 'none');
    if (o.transcribeModel.includes(model) && vads.length > 0) {
      problems.push(`--transcribe-model ${model} cannot be used with --vad ${vads.join(',')}: the service runs it only with turn detection off (use --vad none)`);
    }
  }
}

function authRules(problems: string[], o: ProtocolChoice, target: Target | null, apiKey: string | null): void {
  if (o.auth !== 'ephemeral') return;
  if (o.protocol.includes('beta')) {
    problems.push('--auth ephemeral cannot be used with --protocol beta: client secrets from POST /v1/realtime/client_secrets open GA sessions (beta minted with the retired /v1/realtime/sessions); use --protocol ga or --auth key');
  }
  if (target === null || target.kind === 'local') return;
  if (apiKey === null) problems.push('--auth ephemeral needs an API key to mint client secrets: set OPENAI_API_KEY in the environment');
  if (!new URL(target.url).pathname.replace(/\/+$/, '').endsWith('/realtime')) {
    problems.push(`--auth ephemeral needs a target whose path ends in /realtime (the secret is minted at …/realtime/client_secrets): ${target.url}`);
  }
}

/** WebRTC is the GA service's (POST /v1/realtime/calls), its audio an Opus track paced as a microphone's. */
function transportRules(problems: string[], o: ProtocolChoice, target: Target | null, apiKey: string | null): void {
  if (!o.transport.includes('webrtc')) return;
  if (o.protocol.includes('beta')) problems.push('--transport webrtc cannot be used with --protocol beta: WebRTC calls (POST /v1/realtime/calls) open GA sessions only; use --protocol ga');
  for (const format of o.format.filter((f) => f !== 'pcm16')) {
    problems.push(`--transport webrtc cannot be used with --format ${format}: the audio goes as an Opus track, encoded from PCM (use --format pcm16; G.711 applies to WebSocket appends)`);
  }
  if (o.speed === 'max') {
    problems.push('--transport webrtc cannot be used with --speed max: the audio is an RTP track that a server plays out as it arrives, and an unpaced burst overflows the socket buffers (use --speed 1, or a factor such as 2)');
  }
  if (target === null || target.kind === 'local') return;
  if (apiKey === null && target.kind === 'openai') problems.push('--transport webrtc needs an API key to mint the client secret of each call: set OPENAI_API_KEY in the environment');
  if (!new URL(target.url).pathname.replace(/\/+$/, '').endsWith('/realtime')) {
    problems.push(`--transport webrtc needs a target whose path ends in /realtime (calls go to …/realtime/calls, secrets to …/realtime/client_secrets): ${target.url}`);
  }
}

/**
 * Adds a problem for every combination of options that the Realtime protocol cannot express,
 * each with its reason, so that nothing starts that could only fail or measure the wrong thing.
 * `rateGiven` says whether `--rate` was set rather than defaulted.
 */
export function checkProtocolRules(problems: string[], o: ProtocolChoice, target: Target | null, apiKey: string | null, rateGiven: boolean): void {
  formatRules(problems, o, rateGiven);
  sessionRules(problems, o);
  authRules(problems, o, target, apiKey);
  transportRules(problems, o, target, apiKey);
}
