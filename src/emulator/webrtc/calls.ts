import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMULATOR_HEADER } from '../../pipeline/transport/ws.js';
import type { EmulatorLogEntry } from '../context.js';
import type { FaultSpec } from '../fault-spec.js';
import { authorizeRequest, createSession, sessionFaults, type EmulatorSettings } from '../open-session.js';
import { DEFAULT_MODEL } from '../rest.js';
import { applySessionUpdate, initialConfig, type EmulatedConfig } from '../session-config.js';
import { EmulatedCall } from './call.js';
import { parseCallBody, type CallBody } from './call-body.js';

/** What the calls route shares across calls. */
export interface CallsDeps {
  readonly settings: EmulatorSettings;
  /** ICE only on 127.0.0.1 (the emulator listens on loopback). */
  readonly loopbackOnly: boolean;
  /** The next session number (shared with WebSocket sessions). */
  readonly nextSession: () => number;
  readonly id: (prefix: string) => string;
  /** Calls that have not ended, so that closing the emulator ends them. */
  readonly calls: Set<EmulatedCall>;
}

class CallProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 256 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new CallProblem(413, null, 'The request body is larger than 256 KiB.');
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

/** The call's session: the client secret's, or the multipart `session`, or the defaults. */
function callConfig(secretSession: Readonly<Record<string, unknown>> | undefined, body: CallBody): EmulatedConfig {
  const session = secretSession ?? body.session ?? { type: 'realtime' };
  const kind = session.type === 'transcription' ? 'transcription' : 'realtime';
  const model = typeof session.model === 'string' && session.model !== '' ? session.model : DEFAULT_MODEL;
  const applied = applySessionUpdate(initialConfig(kind, 'ga', kind === 'realtime' ? model : ''), session);
  if ('code' in applied) throw new CallProblem(400, applied.code, applied.message);
  return applied;
}

function reply(res: ServerResponse, status: number, code: string | null, message: string): void {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  res.writeHead(status, { 'content-type': 'application/json', [EMULATOR_HEADER]: '1' }).end(JSON.stringify({ error: { message, type, param: null, code } }));
}

/** An `sdp` fault refuses the offer with its status (`code=`, default 400). */
function refusedByFault(faults: readonly FaultSpec[], log: (entry: EmulatorLogEntry) => void): CallProblem | null {
  const fault = faults.find((f) => f.kind === 'sdp');
  if (!fault) return null;
  log({ event: 'fault', fault: fault.text });
  return new CallProblem(Number(fault.code ?? 400), 'invalid_offer', 'The SDP offer was refused (injected fault).');
}

async function placeCall(req: IncomingMessage, deps: CallsDeps, n: number, log: (entry: EmulatorLogEntry) => void): Promise<{ sdp: string; callId: string }> {
  let faults: FaultSpec[];
  try {
    faults = sessionFaults(req, deps.settings, n);
  } catch (error) {
    throw new CallProblem(400, 'invalid_fault', error instanceof Error ? error.message : String(error));
  }
  const auth = authorizeRequest(req, deps.settings, faults, log);
  if ('message' in auth) throw new CallProblem(401, auth.code, auth.message);
  const refused = refusedByFault(faults, log);
  if (refused) throw refused;
  const body = parseCallBody(req.headers['content-type'] ?? '', await readBody(req));
  if ('problem' in body) throw new CallProblem(400, 'invalid_offer', body.problem);
  const config = callConfig(auth.secret?.session, body);
  const refuseIce = faults.some((f) => f.kind === 'ice');
  if (refuseIce) log({ event: 'fault', fault: faults.find((f) => f.kind === 'ice')?.text });
  const call: EmulatedCall = new EmulatedCall({
    loopbackOnly: deps.loopbackOnly, refuseIce, log,
    createSession: (socket, track) => createSession({ request: req, settings: deps.settings, n, config, faults, socket, log, audioTrack: track }),
    onEnd: () => deps.calls.delete(call),
  });
  deps.calls.add(call);
  try {
    return { sdp: await call.answer(body.sdp), callId: deps.id('rtc') };
  } catch (error) {
    call.close();
    throw new CallProblem(400, 'invalid_offer', `The SDP offer could not be used: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * `POST /v1/realtime/calls`: a WebRTC call. Takes the offer as `application/sdp` (the session
 * from the client secret that authorises it) or as `multipart/form-data` with `sdp` and an
 * optional `session`; answers 201 with the SDP answer and the call's `Location`. Refusals
 * answer as the service does: 401 for credentials, 400 for an offer that cannot be used.
 */
export function handleCall(req: IncomingMessage, res: ServerResponse, deps: CallsDeps): void {
  const n = deps.nextSession();
  const log = (entry: EmulatorLogEntry): void => {
    deps.settings.log(n, entry);
  };
  if (req.method !== 'POST') {
    reply(res, 405, null, 'Use POST for /v1/realtime/calls.');
    return;
  }
  placeCall(req, deps, n, log).then(
    ({ sdp, callId }) => {
      res.writeHead(201, { 'content-type': 'application/sdp', location: `/v1/realtime/calls/${callId}`, [EMULATOR_HEADER]: '1' }).end(sdp);
    },
    (error: unknown) => {
      const problem = error instanceof CallProblem ? error : new CallProblem(500, null, 'The server had an error while processing your request.');
      if (problem.status === 401) log({ event: 'session.refused', reason: 'auth' });
      reply(res, problem.status, problem.code, problem.message);
    },
  );
}
