// Rewrites the Subresource Integrity hashes that Trunk put in index.html (`integrity=sha384-…`
// on the <link> of every file it emitted, quoted or not depending on the HTML minifier) for the
// files a post-build step changed, so the browser still accepts them. Used by minify.mjs and
// wasmopt.mjs. Returns how many hashes were rewritten.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function rewriteIntegrity(dir, files) {
  const index = path.join(dir, 'index.html');
  let html = fs.readFileSync(index, 'utf8');
  let fixed = 0;
  html = html.replace(/<link\b[^>]*>/gi, (tag) => {
    const href = tag.match(/\bhref=("([^"]*)"|'([^']*)'|([^\s>]+))/i);
    if (!href) return tag;
    const rel = (href[2] ?? href[3] ?? href[4]).replace(/^\.\//, '');
    if (!files.includes(rel)) return tag;
    const digest = crypto.createHash('sha384').update(fs.readFileSync(path.join(dir, rel))).digest('base64');
    return tag.replace(/\bintegrity=("[^"]*"|'[^']*'|[^\s>]+)/i, () => {
      fixed += 1;
      return `integrity="sha384-${digest}"`;
    });
  });
  fs.writeFileSync(index, html);
  return fixed;
}
