import type { IncomingMessage, ServerResponse } from 'node:http';
import { presentedCredential, sameSecret, type SecretStore } from './auth.js';
import { applySessionUpdate, asObj, initialConfig } from './session-config.js';
import { describeSession } from './session-describe.js';

/** What the REST side of the emulator needs. */
export interface RestDeps {
  readonly apiKey: string | null;
  readonly secrets: SecretStore;
  readonly id: (prefix: string) => string;
}

/** Default realtime model of a client secret whose session names none. */
/** The model of a session that names none. */
export const DEFAULT_MODEL = 'gpt-realtime';
const MAX_BODY_BYTES = 1024 * 1024;

type Raw = Record<string, unknown>;

class RequestProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RequestProblem(413, 'The request body is larger than 1 MiB.');
    parts.push(part as Buffer);
  }
  const text = Buffer.concat(parts).toString('utf8');
  try {
    return text === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    throw new RequestProblem(400, 'We could not parse the JSON body of your request.', null, 'invalid_json');
  }
}

function ttlSeconds(body: Raw): number {
  if (body.expires_after === undefined) return 600;
  const expires = asObj(body.expires_after);
  if (expires === null) throw new RequestProblem(400, "Invalid type for 'expires_after': expected an object.", 'expires_after', 'invalid_type');
  if (expires.anchor !== undefined && expires.anchor !== 'created_at') throw new RequestProblem(400, "Invalid value for 'expires_after.anchor': only 'created_at' is supported.", 'expires_after.anchor', 'invalid_value');
  const seconds = expires.seconds ?? 600;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 10 || seconds > 7200) {
    throw new RequestProblem(400, "Invalid 'expires_after.seconds': an integer from 10 to 7200.", 'expires_after.seconds', 'invalid_value');
  }
  return seconds;
}

/** POST /v1/realtime/client_secrets: mints a secret for a GA realtime or transcription session. */
async function createClientSecret(req: IncomingMessage, deps: RestDeps): Promise<unknown> {
  const credential = presentedCredential(req);
  if (deps.apiKey !== null && (credential === null || !sameSecret(credential, deps.apiKey))) {
    throw new RequestProblem(401, credential === null ? "You didn't provide an API key." : 'Incorrect API key provided.', null, 'invalid_api_key');
  }
  const body = asObj(await readJson(req));
  if (body === null) throw new RequestProblem(400, 'The request body must be a JSON object.');
  const ttl = ttlSeconds(body);
  const session = asObj(body.session ?? { type: 'realtime' });
  if (session === null || (session.type !== 'realtime' && session.type !== 'transcription')) {
    throw new RequestProblem(400, "Invalid value for 'session.type': 'realtime' or 'transcription'.", 'session.type', 'invalid_value');
  }
  const kind = session.type;
  const model = typeof session.model === 'string' ? session.model : DEFAULT_MODEL;
  const config = applySessionUpdate(initialConfig(kind, 'ga', kind === 'realtime' ? model : ''), session);
  if ('code' in config) throw new RequestProblem(400, config.message, config.param, config.code);
  const secret = deps.secrets.mint(ttl, session);
  return { value: secret.value, expires_at: secret.expiresAt, session: describeSession(config, deps.id('sess'), 0) };
}

/** The emulator's HTTP routes (everything but the WebSocket upgrade). */
export function handleRest(req: IncomingMessage, res: ServerResponse, deps: RestDeps): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== '/v1/realtime/client_secrets') {
    reply(res, 404, { error: { message: `Unknown path ${path}. The emulator serves POST /v1/realtime/client_secrets and the WebSocket /v1/realtime.`, type: 'invalid_request_error', param: null, code: null } });
    return;
  }
  if (req.method !== 'POST') {
    reply(res, 405, { error: { message: `Use POST for ${path}.`, type: 'invalid_request_error', param: null, code: null } });
    return;
  }
  createClientSecret(req, deps).then(
    (body) => {
      reply(res, 200, body);
    },
    (error: unknown) => {
      const problem = error instanceof RequestProblem ? error : new RequestProblem(500, 'The server had an error while processing your request.');
      reply(res, problem.status, { error: { message: problem.message, type: problem.status >= 500 ? 'server_error' : 'invalid_request_error', param: problem.param, code: problem.code } });
    },
  );
}
