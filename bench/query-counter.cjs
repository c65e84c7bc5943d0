// Bench-only preload: counts every round trip the server makes through `pg` (and how many are
// writes), reported to the bench over IPC; on request, profiles the CPU for the length of one
// scenario (node:inspector, so start-up and the other scenarios stay out of it). The application
// itself is not changed.
const { writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const { resolve } = require('node:path');
const pg = require(require.resolve('pg', { paths: [resolve(__dirname, '..')] }));

const counts = { queries: 0, writes: 0 };
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, values, callback) {
  const text = typeof config === 'string' ? config : (config && config.text) || '';
  counts.queries += 1;
  if (/^\s*(insert|update|delete|merge)\b/i.test(text)) counts.writes += 1;
  return original.call(this, config, values, callback);
};

let session = null;
const reply = (message) => process.send && process.send(message);

function startProfile() {
  session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 200 }, () =>
    session.post('Profiler.start', () => reply({ type: 'profile-started' }))));
}

function stopProfile(file) {
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(file, JSON.stringify(result.profile));
    session.disconnect();
    session = null;
    reply({ type: 'profile-stopped', file: error ? null : file });
  });
}

process.on('message', (message) => {
  if (message === 'query-counts') reply({ type: 'query-counts', ...counts });
  else if (message === 'profile-start' && !session) startProfile();
  else if (message && message.type === 'profile-stop' && session) stopProfile(message.file);
});
