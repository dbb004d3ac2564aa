import { describe, expect, it } from 'vitest';
import { configRecord, item, runOf, turn } from '../../../test/helpers/items.js';
import { transportChart, transportPairs, TRANSPORT_METRICS } from './transport-chart.js';

const websocket = configRecord();
const webrtc = { ...websocket, config_id: `${websocket.config_id}.webrtc`, transport: 'webrtc' as const };

describe('transportChart', () => {
  it('transport-chart-pairs-the-configs-run-over-both and draws each estimate with its interval', () => {
    const run = runOf([
      item('a', { config: websocket, turns: [turn(0, { transcript: 300, firstAudio: 400 })] }),
      item('b', { config: websocket, turns: [turn(0, { transcript: 500, firstAudio: 600 })] }),
      item('a', { config: webrtc, turns: [turn(0, { transcript: 250, firstAudio: 350 })] }),
      item('b', { config: webrtc, turns: [turn(0, { transcript: 450, firstAudio: 550 })] }),
    ]);
    expect(transportPairs(run.summary).map((p) => p.label)).toEqual([websocket.config_id]);
    const chart = transportChart(run.summary);
    expect(chart?.views.map(([key]) => key)).toEqual([`${websocket.config_id}.p50`, `${websocket.config_id}.p95`]);
    const series = chart?.options[`${websocket.config_id}.p50`]?.series as { name: string; data: unknown[][] }[];
    expect(series.map((s) => s.name)).toEqual(['websocket', 'webrtc']);
    const transcript = TRANSPORT_METRICS.indexOf('stopped_to_transcript_ms');
    const [low, , estimate, high] = series[1]?.data[transcript] as number[];
    expect(estimate).toBe(350);
    expect(low).toBeLessThanOrEqual(estimate ?? 0);
    expect(high).toBeGreaterThanOrEqual(estimate ?? 0);
  });

  it('transport-chart-is-absent-without-a-comparison', () => {
    expect(transportChart(runOf([item('a', { config: websocket, turns: [turn(0)] })]).summary)).toBeNull();
  });
});
