// A minimal static file server for the built site (dist/), mounted under a sub-path to
// prove the site works from any sub-path of a static host. Loopback only. Like a host with
// precompressed files (nginx `gzip_static on`), it sends `FILE.gz` with `Content-Encoding: gzip`
// when the release build wrote one (scripts/precompress.mjs) and the client accepts gzip.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
  '.yaml': 'text/yaml', '.txt': 'text/plain',
};

export function serve(root, prefix = '/') {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end('not under ' + prefix); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(path.resolve(root))) { res.writeHead(403); res.end(); return; }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    // `gzip` among the accepted encodings, unless refused by `;q=0`.
    const gzip = /(^|,)\s*gzip\s*(,|;(?!\s*q=0(\.0*)?\s*(,|$))|$)/.test(req.headers['accept-encoding'] || '')
      && fs.existsSync(file) && fs.existsSync(file + '.gz');
    fs.readFile(gzip ? file + '.gz' : file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      const headers = { 'content-type': type, vary: 'accept-encoding' };
      if (gzip) headers['content-encoding'] = 'gzip';
      res.writeHead(200, headers);
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
