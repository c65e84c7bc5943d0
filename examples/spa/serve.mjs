// Serves the example SPA on its own origin, as a Vite/Nuxt dev server would:
//   node examples/spa/serve.mjs                     → http://localhost:5173, API at http://localhost:3000
//   SPA_PORT=8080 API_URL=http://localhost:3000 node examples/spa/serve.mjs
// The API must list this origin's host:port in SANCTUM_STATEFUL_DOMAINS (e.g. localhost:5173).
// SPA_PORT=0 picks a free port; the first line printed names the URL.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

const port = Number(process.env.SPA_PORT ?? 5173);
const host = process.env.SPA_HOST ?? 'localhost';
const apiUrl = (process.env.API_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

const files = {
  '/': { path: new URL('./index.html', import.meta.url), type: 'text/html; charset=utf-8' },
  '/index.html': { path: new URL('./index.html', import.meta.url), type: 'text/html; charset=utf-8' },
  // axios straight from node_modules: the page uses exactly the client the seeds' SPAs use.
  '/axios.js': { path: new URL('../../node_modules/axios/dist/axios.min.js', import.meta.url), type: 'text/javascript; charset=utf-8' },
  // The WebAuthn browser half (global SimpleWebAuthnBrowser), likewise from node_modules.
  '/simplewebauthn-browser.js': {
    path: new URL('../../node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js', import.meta.url),
    type: 'text/javascript; charset=utf-8',
  },
};

async function body(pathname) {
  // The default API URL; the page's ?api= query parameter overrides it.
  if (pathname === '/config.js') return `window.GATEHOUSE_API_URL = ${JSON.stringify(apiUrl)};\n`;
  return readFile(files[pathname].path);
}

const server = createServer(async (request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://spa.invalid');
  if (request.method !== 'GET' || !(pathname in files || pathname === '/config.js')) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    return;
  }
  try {
    const type = files[pathname]?.type ?? 'text/javascript; charset=utf-8';
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(await body(pathname));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' }).end(`Cannot read ${pathname}: ${error.code ?? error}\n`);
  }
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  process.stdout.write(`Example SPA on http://localhost:${actual} (API: ${apiUrl})\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
