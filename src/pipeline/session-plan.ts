import type { RunConfig } from '../config/types.js';
import { transportOf, type ConfigRecord, type SessionPlanRecord } from './record.js';
import type { SessionPlan } from './session.js';

/** The cassette form of a session plan (its config is stored separately). */
export function planRecord(plan: SessionPlan, keepAudio: boolean): SessionPlanRecord {
  return {
    chunk_ms: plan.chunkMs,
    speed: plan.speed,
    tail_silence_ms: plan.tailSilenceMs,
    turn_timeout_ms: plan.turnTimeoutMs,
    connect_timeout_ms: plan.connectTimeoutMs,
    instructions: plan.settings.instructions,
    voice: plan.settings.voice,
    language: plan.settings.language,
    prompt: plan.settings.prompt,
    include_logprobs: plan.settings.includeLogprobs,
    keep_audio: keepAudio,
    ...(plan.tools ? { tools: { tools: plan.tools.tools, tool_choice: plan.tools.toolChoice, outputs: plan.tools.outputs } } : {}),
  };
}

/** The cassette form of a config. */
export function configRecord(c: RunConfig): ConfigRecord {
  return {
    config_id: c.configId, model: c.model, transcribe_model: c.transcribeModel, protocol: c.protocol, session: c.session, format: c.format, rate_hz: c.rateHz,
    vad: c.vad, threshold: c.threshold, prefix_padding_ms: c.prefixPaddingMs, silence_duration_ms: c.silenceDurationMs, eagerness: c.eagerness, transport: c.transport,
    ...(c.outputModalities === 'text' ? { output_modalities: 'text' as const } : {}),
  };
}

/** A config as the rest of the code holds it, from its cassette form. */
export function configFromRecord(c: ConfigRecord): RunConfig {
  return {
    configId: c.config_id, model: c.model, transcribeModel: c.transcribe_model, protocol: c.protocol, session: c.session, format: c.format, rateHz: c.rate_hz,
    vad: c.vad, threshold: c.threshold, prefixPaddingMs: c.prefix_padding_ms, silenceDurationMs: c.silence_duration_ms, eagerness: c.eagerness as RunConfig['eagerness'],
    ...(c.output_modalities === 'text' ? { outputModalities: 'text' as const } : {}),
    transport: transportOf(c),
  };
}

/** The session plan stored in a cassette header, ready to run again. */
export function planFromRecord(config: ConfigRecord, p: SessionPlanRecord): SessionPlan {
  const tools = p.tools ? { tools: p.tools.tools, toolChoice: p.tools.tool_choice, outputs: p.tools.outputs } : null;
  return {
    config: configFromRecord(config),
    settings: { instructions: p.instructions, voice: p.voice, language: p.language, prompt: p.prompt, includeLogprobs: p.include_logprobs, ...(tools ? { tools: tools.tools, toolChoice: tools.toolChoice } : {}) },
    tools,
    chunkMs: p.chunk_ms,
    speed: p.speed,
    tailSilenceMs: p.tail_silence_ms,
    turnTimeoutMs: p.turn_timeout_ms,
    connectTimeoutMs: p.connect_timeout_ms,
  };
}
