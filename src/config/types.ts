/** Turn detection of a session: the server's VAD, the semantic one, or none (the client commits). */
export type VadMode = 'server_vad' | 'semantic_vad' | 'none';
/** How eagerly `semantic_vad` ends a turn. */
export type Eagerness = 'low' | 'medium' | 'high' | 'auto';
/** `ga` is the current protocol; `beta` sends `OpenAI-Beta: realtime=v1`. */
export type ProtocolGeneration = 'ga' | 'beta';
/** A conversation (`realtime`, responses on) or a transcription-only session. */
export type SessionKind = 'realtime' | 'transcription';
/** Input audio encoding sent to the server. */
export type AudioFormat = 'pcm16' | 'g711_ulaw' | 'g711_alaw';
/** VAD model used by the local emulator. */
export type VadEngineName = 'silero' | 'webrtc';
/** How to authenticate the socket: the key itself, or a freshly minted client secret. */
export type AuthMode = 'key' | 'ephemeral';
/** What a realtime session's responses are made of: speech (with its transcript) or text only. */
export type OutputModality = 'audio' | 'text';
/**
 * How a session reaches the server: a WebSocket carrying every event and the audio appends,
 * or WebRTC (events on the `oai-events` data channel, the audio as an Opus RTP track).
 */
export type TransportKind = 'websocket' | 'webrtc';

/** One cell of the matrix: everything that can differ between two configs. */
export interface RunConfig {
  /** Stable, readable identifier derived from the values below. */
  readonly configId: string;
  readonly model: string;
  readonly transcribeModel: string;
  readonly protocol: ProtocolGeneration;
  readonly session: SessionKind;
  readonly format: AudioFormat;
  readonly rateHz: number;
  readonly vad: VadMode;
  /** server_vad only. */
  readonly threshold: number | null;
  /** server_vad only. */
  readonly prefixPaddingMs: number | null;
  /** server_vad only. */
  readonly silenceDurationMs: number | null;
  /** semantic_vad only. */
  readonly eagerness: Eagerness | null;
  /** What responses are made of (realtime sessions); absent means `audio`. */
  readonly outputModalities?: OutputModality;
  readonly transport: TransportKind;
}
