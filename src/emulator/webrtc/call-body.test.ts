import { describe, expect, it } from 'vitest';
import { parseCallBody } from './call-body.js';

const OFFER = 'v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\n';

describe('parseCallBody', () => {
  it('call-body-takes-application-sdp', () => {
    expect(parseCallBody('application/sdp', Buffer.from(OFFER))).toEqual({ sdp: OFFER });
  });

  it('call-body-takes-the-multipart-form-of-the-docs: sdp and session parts', () => {
    const form = ['--b', 'Content-Disposition: form-data; name="sdp"', 'Content-Type: application/sdp', '', OFFER, '--b', 'Content-Disposition: form-data; name="session"', 'Content-Type: application/json', '', '{"type":"realtime","model":"gpt-realtime"}', '--b--', ''].join('\r\n');
    expect(parseCallBody('multipart/form-data; boundary=b', Buffer.from(form))).toEqual({ sdp: OFFER, session: { type: 'realtime', model: 'gpt-realtime' } });
  });

  it('call-body-says-what-is-wrong', () => {
    expect(parseCallBody('application/sdp', Buffer.from('hello'))).toEqual({ problem: expect.stringMatching(/not an SDP offer/) as string });
    expect(parseCallBody('application/json', Buffer.from('{}'))).toEqual({ problem: expect.stringMatching(/application\/sdp or multipart/) as string });
    expect(parseCallBody('multipart/form-data; boundary=b', Buffer.from('--b\r\nContent-Disposition: form-data; name="session"\r\n\r\n{}\r\n--b--'))).toEqual({ problem: expect.stringMatching(/no 'sdp' part/) as string });
  });
});
