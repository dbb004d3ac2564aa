import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SaveAudioPart } from '../config/feature-options.js';
import { fileSafeId } from '../corpus/manifest.js';
import type { TurnResult } from '../metrics/item-result.js';
import type { AudioSpec } from '../pipeline/audio-format.js';
import type { AudioTap } from '../pipeline/audio-tap.js';
import { SAVED_AUDIO_EVENT_TYPE } from '../pipeline/record.js';
import { wavBytes } from '../pipeline/wav.js';

/** Where one session's files go, and in which encodings its audio is. */
export interface SavedAudioTarget {
  readonly runDir: string;
  readonly configId: string;
  readonly itemId: string;
  readonly repeat: number;
  readonly parts: readonly SaveAudioPart[];
  /** Encoding of the response audio (the session's output format, or the relay's). */
  readonly output: AudioSpec;
  /** Encoding of the audio sent. */
  readonly input: AudioSpec;
}

/** The file of turn `turnIndex`'s response audio, relative to the run folder (beside the cassette). */
export function turnAudioPath(configId: string, itemId: string, repeat: number, turnIndex: number): string {
  return join('sessions', configId, `${fileSafeId(itemId)}.${repeat}.turn${turnIndex}.wav`);
}

/** The file of the audio sent, relative to the run folder. */
export function sentAudioPath(configId: string, itemId: string, repeat: number): string {
  return join('sessions', configId, `${fileSafeId(itemId)}.${repeat}.sent.wav`);
}

async function write(runDir: string, path: string, audio: readonly Buffer[], spec: AudioSpec): Promise<void> {
  const full = join(runDir, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, wavBytes(Buffer.concat(audio), spec));
}

/**
 * Writes the WAV files of a session (`--save-audio`): per turn, the audio of its response and of
 * the responses to its tool outputs, decoded to PCM16 WAV at the output rate; with `sent`, the
 * audio as it was sent (tail silence included). Returns the `audio_saved` frame that lists
 * them; a file that cannot be written is named in its `error`, and the run goes on.
 */
export async function saveSessionAudio(target: SavedAudioTarget, tap: AudioTap, turns: readonly TurnResult[]): Promise<Record<string, unknown>> {
  const saved: { turn_index: number; file: string; response_ids: readonly string[] }[] = [];
  let sent: string | null = null;
  try {
    if (target.parts.includes('responses')) {
      for (const turn of turns) {
        const audio = turn.responseIds.flatMap((id) => tap.responses.get(id) ?? []);
        if (audio.length === 0) continue;
        const file = turnAudioPath(target.configId, target.itemId, target.repeat, turn.turnIndex);
        await write(target.runDir, file, audio, target.output);
        saved.push({ turn_index: turn.turnIndex, file, response_ids: turn.responseIds });
      }
    }
    if (target.parts.includes('sent') && tap.sent.length > 0) {
      const file = sentAudioPath(target.configId, target.itemId, target.repeat);
      await write(target.runDir, file, tap.sent, target.input);
      sent = file;
    }
  } catch (error) {
    return { type: SAVED_AUDIO_EVENT_TYPE, turns: saved, sent, error: `cannot save audio: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { type: SAVED_AUDIO_EVENT_TYPE, turns: saved, sent };
}
