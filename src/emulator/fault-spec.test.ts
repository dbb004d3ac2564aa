import { describe, expect, it } from 'vitest';
import { faultsForSession, isSendableCloseCode, parseFaultHeader, parseFaultSpec } from './fault-spec.js';

describe('parseFaultSpec', () => {
  it('reads kinds, triggers and session selectors', () => {
    expect(parseFaultSpec('drop')).toMatchObject({ kind: 'drop', trigger: { afterMs: 0 }, sessions: [1, Infinity] });
    expect(parseFaultSpec('drop:after=2000,session=3')).toMatchObject({ kind: 'drop', trigger: { afterMs: 2000 }, sessions: [3, 3] });
    expect(parseFaultSpec('stall:on=input_audio_buffer.committed#2,for=1500')).toMatchObject({ kind: 'stall', trigger: { onEvent: 'input_audio_buffer.committed', nth: 2 }, forMs: 1500 });
    expect(parseFaultSpec('error:code=rate_limit_exceeded,audio=1200,session=2-4')).toMatchObject({ code: 'rate_limit_exceeded', trigger: { audioMs: 1200 }, sessions: [2, 4] });
    expect(parseFaultSpec('close:code=4001,reason=bye,session=5+')).toMatchObject({ kind: 'close', code: '4001', reason: 'bye', sessions: [5, Infinity] });
    expect(parseFaultSpec('error:code=server_error,close=1011')).toMatchObject({ closeCode: 1011 });
    expect(parseFaultSpec('malformed:on=response.created').trigger).toEqual({ onEvent: 'response.created', nth: 1 });
    expect(parseFaultSpec('auth:session=1').kind).toBe('auth');
  });

  it('names the spec and the problem', () => {
    expect(() => parseFaultSpec('explode')).toThrow(/fault "explode": unknown kind/);
    expect(() => parseFaultSpec('drop:after=soon')).toThrow(/after= takes milliseconds/);
    expect(() => parseFaultSpec('drop:after=1,audio=2')).toThrow(/one of after=, audio=, on=/);
    expect(() => parseFaultSpec('error:code=teapot')).toThrow(/code= of an error is one of/);
    expect(() => parseFaultSpec('close:code=1006')).toThrow(/close code a server may send/);
    expect(() => parseFaultSpec('drop:session=0')).toThrow(/sessions count from 1/);
    expect(() => parseFaultSpec('drop:session=4-2')).toThrow(/ends before it starts/);
    expect(() => parseFaultSpec('drop:when=later')).toThrow(/not key=value with a known key/);
    expect(() => parseFaultSpec('stall:on=Speech Started')).toThrow(/on= takes a server event type/);
  });

  it('selects the faults of a session, and header faults apply to their own session', () => {
    const specs = ['drop:session=2', 'stall:session=1-2', 'malformed:session=3+'].map(parseFaultSpec);
    expect(faultsForSession(specs, 1).map((f) => f.kind)).toEqual(['stall']);
    expect(faultsForSession(specs, 2).map((f) => f.kind)).toEqual(['drop', 'stall']);
    expect(faultsForSession(specs, 9).map((f) => f.kind)).toEqual(['malformed']);
    expect(parseFaultHeader('drop:after=10,session=7; malformed').map((f) => [f.kind, f.sessions])).toEqual([['drop', [1, Infinity]], ['malformed', [1, Infinity]]]);
  });

  it('takes only close codes a server may send, as the WebSocket library does', () => {
    for (const code of [1000, 1001, 1003, 1007, 1011, 1014, 3000, 4000, 4999]) expect(parseFaultSpec(`close:code=${code}`).code).toBe(String(code));
    for (const code of ['999', '1004', '1005', '1006', '1015', '1016', '2000', '2999', '5000', '1011.5', 'x']) {
      expect(() => parseFaultSpec(`close:code=${code}`), code).toThrow(/code= takes a WebSocket close code a server may send \(1000-1003, 1007-1014 or 3000-4999\)/);
      expect(() => parseFaultSpec(`error:code=server_error,close=${code}`), code).toThrow(/close= takes a WebSocket close code/);
    }
    expect([1000, 1002, 1012, 3000, 4999].every(isSendableCloseCode)).toBe(true);
    expect([1005, 1015, 2000, 5000].some(isSendableCloseCode)).toBe(false);
  });

  it('refuses a close reason longer than a close frame carries (123 bytes of UTF-8)', () => {
    expect(parseFaultSpec(`close:reason=${'r'.repeat(123)}`).reason).toHaveLength(123);
    expect(() => parseFaultSpec(`close:reason=${'r'.repeat(124)}`)).toThrow(/reason= is 124 bytes; a close frame carries at most 123 bytes/);
    expect(() => parseFaultSpec(`close:reason=${'é'.repeat(62)}`)).toThrow(/reason= is 124 bytes/);
  });

  it('refuses times a timer cannot wait, and keys that do not apply to the kind', () => {
    expect(() => parseFaultSpec('drop:after=3000000000')).toThrow(/after=3000000000 is longer than a timer can wait/);
    expect(() => parseFaultSpec(`stall:for=${'9'.repeat(400)}`)).toThrow(/for=9+ is longer than a timer can wait/);
    expect(() => parseFaultSpec('drop:code=4000')).toThrow(/code= does not apply to drop/);
    expect(() => parseFaultSpec('stall:reason=x')).toThrow(/reason= does not apply to stall/);
    expect(() => parseFaultSpec('auth:after=10')).toThrow(/after= does not apply to auth \(it takes session=\)/);
    expect(() => parseFaultHeader('drop; close:code=2000')).toThrow(/close:code=2000/);
  });

  it('takes only their own keys for the WebRTC call faults, which act on the offer', () => {
    expect(parseFaultSpec('sdp:code=404,session=2')).toMatchObject({ kind: 'sdp', code: '404', sessions: [2, 2] });
    expect(parseFaultSpec('ice:session=3+')).toMatchObject({ kind: 'ice', sessions: [3, Infinity] });
    expect(() => parseFaultSpec('sdp:code=200')).toThrow(/code= of sdp is the HTTP status of the refusal \(400-599\)/);
    expect(() => parseFaultSpec('sdp:after=10')).toThrow(/after= does not apply to sdp \(it takes session=, code=\)/);
    expect(() => parseFaultSpec('ice:code=400')).toThrow(/code= does not apply to ice \(it takes session=\)/);
    expect(() => parseFaultSpec('ice:on=session.created')).toThrow(/on= does not apply to ice/);
  });
});
