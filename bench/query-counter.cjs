// Bench-only preload: counts every round trip the server makes through `pg` (and how many are
// writes), reported to the bench over IPC. The application itself is not changed.
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

process.on('message', (message) => {
  if (message === 'query-counts' && process.send) process.send({ type: 'query-counts', ...counts });
});
