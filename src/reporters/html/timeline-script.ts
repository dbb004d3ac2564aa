/**
 * The session timeline in the page: the waveform envelope on top; below it, lanes for true
 * speech, detected turns, VAD events, transcript deltas and first response audio, all on the
 * audio clock (events sit at the audio position that had been sent when they arrived). Under
 * it, the alignment of reference and hypothesis with the errors marked.
 * NOTE: plain ES2017 without template literals (see page-script.ts).
 */
export const TIMELINE_SCRIPT = String.raw`
var LANES = ['true speech', 'detected turns', 'VAD events', 'transcript', 'response audio'];
function span(lane, start, end, name, color, extra) {
  return { value: [lane, start, end], name: name, itemStyle: { color: color }, extra: extra || '' };
}
function renderSpan(params, api) {
  var lane = api.value(0);
  var start = api.coord([api.value(1), lane]);
  var end = api.coord([api.value(2), lane]);
  var height = api.size([0, 1])[1] * 0.55;
  var rect = echarts.graphic.clipRectByRect(
    { x: start[0], y: start[1] - height / 2, width: Math.max(2, end[0] - start[0]), height: height },
    { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height }
  );
  return rect && { type: 'rect', shape: rect, style: api.style() };
}
function pointSeries(name, lane, list, symbol, color) {
  return {
    name: name, type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, symbol: symbol, symbolSize: 9, itemStyle: { color: color },
    data: list.map(function (p) { return { value: [p[0], lane], name: name, extra: p[2], t: p[1] }; })
  };
}
function timelineTooltip(p) {
  var d = p.data || {};
  if (p.seriesType === 'custom') {
    return esc(d.name) + '<br>' + esc(Math.round(d.value[1])) + ' – ' + esc(Math.round(d.value[2])) + ' ms' + (d.extra ? '<br>' + esc(d.extra) : '');
  }
  if (p.seriesType === 'scatter') {
    return esc(d.name) + ' at audio ' + esc(Math.round(d.value[0])) + ' ms (received ' + esc(Math.round(d.t)) + ' ms after connect)' + (d.extra ? '<br>' + esc(d.extra) : '');
  }
  return esc(p.seriesName) + ': ' + esc(p.value && p.value[1]);
}
function timelineOption(s) {
  var env = s.envelope ? data.envelopes[s.envelope] : null;
  var top = [], bottom = [], spans = [];
  if (env) env.peak.forEach(function (v, i) { top.push([i * env.stepMs, v]); bottom.push([i * env.stepMs, -v]); });
  (s.truth || []).forEach(function (t, i) { spans.push(span(0, t[0], t[1], 'true speech ' + (i + 1), '#4c9a5b')); });
  s.turns.forEach(function (t, i) {
    spans.push(span(1, t.heard[0], t.heard[1], 'turn ' + (i + 1) + (t.falseStart ? ' (false start)' : ''), t.falseStart ? '#c0392b' : '#3b6fb6', t.transcript));
  });
  var end = Math.max(Math.ceil(s.audioEndMs / 100) * 100, 100);
  // Quiet recordings still show their shape: the level axis spans the session's own peak.
  var level = env ? Math.max(0.01, Math.max.apply(null, env.peak)) : 1;
  var wave = { type: 'line', xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, silent: true, lineStyle: { width: 0.6, color: '#7a869a' }, areaStyle: { color: '#c5ccd8' } };
  return {
    animation: false,
    tooltip: { trigger: 'item', confine: true, formatter: timelineTooltip },
    grid: [{ left: 110, right: 30, top: 24, height: 76 }, { left: 110, right: 30, top: 110, bottom: 60 }],
    xAxis: [
      { type: 'value', gridIndex: 0, min: 0, max: end, axisLabel: { show: false }, splitLine: { show: false } },
      { type: 'value', gridIndex: 1, min: 0, max: end, name: 'audio position (ms)', nameLocation: 'middle', nameGap: 26 }
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, min: -level, max: level, name: env ? 'waveform (peak ' + level + ')' : 'no levels recorded', nameTextStyle: { align: 'left' }, axisLabel: { show: false }, splitLine: { show: false } },
      { type: 'category', gridIndex: 1, data: LANES, inverse: true }
    ],
    dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }, { type: 'slider', xAxisIndex: [0, 1], height: 14, bottom: 6 }],
    series: [
      Object.assign({ name: 'peak', data: top }, wave),
      Object.assign({ name: '-peak', data: bottom }, wave),
      { name: 'spans', type: 'custom', xAxisIndex: 1, yAxisIndex: 1, renderItem: renderSpan, encode: { x: [1, 2], y: 0 }, data: spans },
      pointSeries('VAD event', 2, s.vad, 'triangle', '#8e44ad'),
      pointSeries('transcript delta', 3, s.deltas, 'circle', '#2c7fb8'),
      pointSeries('transcript completed', 3, s.finals, 'diamond', '#08306b'),
      pointSeries('first response audio', 4, s.firstAudio, 'rect', '#d35400')
    ]
  };
}
function addOp(box, op) {
  var el = document.createElement('span');
  el.className = 'op-' + op.op;
  if (op.op === 'substitute') {
    var ref = document.createElement('s');
    ref.textContent = op.ref;
    el.appendChild(ref);
    el.appendChild(document.createTextNode(' ' + op.hyp));
    el.title = 'said "' + op.ref + '", heard "' + op.hyp + '"';
  } else {
    el.textContent = op.op === 'insert' ? op.hyp : op.ref;
  }
  box.appendChild(el);
  box.appendChild(document.createTextNode(' '));
}
function renderTexts(s) {
  var box = document.getElementById('alignment');
  box.textContent = '';
  if (s.alignment) s.alignment.forEach(function (op) { addOp(box, op); });
  else box.textContent = s.reference === null ? 'No reference text: this item is not transcribed.' : 'No alignment.';
  document.getElementById('text-reference').textContent = s.reference === null ? '(none)' : s.reference;
  document.getElementById('text-hypothesis').textContent = s.hypothesis;
  document.getElementById('text-status').textContent = s.status + (s.error ? ': ' + s.error : '') + (s.wer === null ? '' : ' · WER ' + s.wer);
}
function audioPlayer(url) {
  var audio = document.createElement('audio');
  audio.controls = true;
  audio.preload = 'none';
  audio.src = url;
  return audio;
}
function renderReplies(s) {
  var body = document.querySelector('#replies tbody');
  var sent = document.getElementById('sent-audio');
  if (!body || !sent) return;
  body.textContent = '';
  sent.textContent = '';
  if (s.sentAudio) {
    sent.appendChild(document.createTextNode('audio sent: '));
    sent.appendChild(audioPlayer(s.sentAudio));
  }
  (s.replies || []).forEach(function (r) {
    var tr = document.createElement('tr');
    var verdict = r.toolCallCorrect === null ? '' : r.toolCallCorrect ? ' (right)' : ' (wrong)';
    [String(r.turn), r.text === null ? '(no response)' : r.text, r.toolCall === null ? (r.toolCallCorrect === false ? '(expected call not made)' : '') : r.toolCall + verdict].forEach(function (text) {
      var td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    });
    var cell = document.createElement('td');
    if (r.audio) cell.appendChild(audioPlayer(r.audio));
    tr.appendChild(cell);
    body.appendChild(tr);
  });
}
function setupTimeline() {
  var select = document.getElementById('session-select');
  var el = document.getElementById('timeline-chart');
  if (!select || !el || data.sessions.length === 0) return;
  var chart = mount(el, timelineOption(data.sessions[Number(select.value)]));
  renderTexts(data.sessions[Number(select.value)]);
  renderReplies(data.sessions[Number(select.value)]);
  select.addEventListener('change', function () {
    var s = data.sessions[Number(select.value)];
    chart.setOption(timelineOption(s), true);
    renderTexts(s);
    renderReplies(s);
  });
}
`;
