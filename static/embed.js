/* podlife embed script: turns every <pre data-podlife> YAML block of a static page into a
 * live podlife playground in an <iframe>, loaded when it comes near the viewport.
 *
 *   <script src="https://example.org/podlife/embed.js" defer></script>
 *   <pre data-podlife data-podlife-autoplay data-podlife-t="10s">apiVersion: v1
 *   kind: Pod …</pre>
 *
 * Options (data attributes on the <pre>):
 *   data-podlife-readonly="false"  let readers edit (default: read-only)
 *   data-podlife-autoplay          play once loaded
 *   data-podlife-t="1m30s"         start time (42s, 1m30s, 1500ms)
 *   data-podlife-height="420"      iframe height in px (default 360)
 *   data-podlife-tab="events"      pod | events | watch | effective | inferred
 *   data-podlife-seed="7"          kubelet jitter seed
 *   data-podlife-editor            show the editor too
 *   data-podlife-theme="dark"      light | dark (default: the reader's system setting)
 *   data-podlife-lang="zh"         en | zh
 *
 * The playground is the directory this script is served from (its own `src`). No framework,
 * no network beyond the playground's own files, no innerHTML: the YAML is compressed by the
 * browser (CompressionStream 'deflate-raw') into the link's #fragment exactly as the
 * playground's "share link" does (format: src/share.rs). Without CompressionStream or
 * IntersectionObserver the blocks stay as they are, or load at once. */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL('./', script && script.src ? script.src : location.href).href;
  var TIME = /^(\d+(\.\d{1,3})?s?|(\d+h)?(\d+m(?!s))?(\d+(\.\d{1,3})?s)?(\d+ms)?)$/;
  var WORD = /^[a-z]+$/;

  function b64url(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function deflate(text) {
    var stream = new Blob([new TextEncoder().encode(text)]).stream()
      .pipeThrough(new CompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  /* The block's text without the indentation HTML authors add around it. */
  function yamlOf(pre) {
    var lines = pre.textContent.replace(/\r\n?/g, '\n').split('\n');
    while (lines.length && !lines[0].trim()) lines.shift();
    while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
    var indent = Infinity;
    lines.forEach(function (l) {
      if (l.trim()) indent = Math.min(indent, l.match(/^ */)[0].length);
    });
    if (!isFinite(indent)) indent = 0;
    return lines.map(function (l) { return l.slice(indent); }).join('\n') + '\n';
  }

  function flag(pre, name) {
    var v = pre.getAttribute('data-podlife-' + name);
    return v !== null && v !== 'false' && v !== '0';
  }

  function fragment(pre, z) {
    var d = pre.dataset;
    var f = 'v=1&z=' + z + '&embed=1';
    if (d.podlifeReadonly !== 'false' && d.podlifeReadonly !== '0') f += '&ro=1';
    if (flag(pre, 'autoplay')) f += '&autoplay=1';
    if (flag(pre, 'editor')) f += '&editor=1';
    if (d.podlifeT && TIME.test(d.podlifeT)) f += '&t=' + d.podlifeT;
    if (d.podlifeTab && WORD.test(d.podlifeTab)) f += '&tab=' + d.podlifeTab;
    if (d.podlifeSeed && /^\d{1,20}$/.test(d.podlifeSeed)) f += '&seed=' + d.podlifeSeed;
    if (d.podlifeTheme === 'light' || d.podlifeTheme === 'dark') f += '&theme=' + d.podlifeTheme;
    if (d.podlifeLang === 'en' || d.podlifeLang === 'zh') f += '&lang=' + d.podlifeLang;
    return f;
  }

  function upgrade(pre) {
    if (pre.getAttribute('data-podlife-state')) return;
    pre.setAttribute('data-podlife-state', 'loading');
    deflate(yamlOf(pre)).then(function (bytes) {
      var frame = document.createElement('iframe');
      var h = parseInt(pre.getAttribute('data-podlife-height'), 10);
      frame.src = base + '#' + fragment(pre, b64url(bytes));
      frame.title = 'podlife: Pod lifecycle playground';
      frame.width = '600';
      frame.height = String(h >= 120 && h <= 2000 ? h : 360);
      frame.loading = 'lazy';
      frame.className = 'podlife-embed';
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
      frame.style.cssText = 'display:block;width:100%;max-width:100%;border:1px solid #d0d7de;border-radius:8px';
      pre.setAttribute('data-podlife-state', 'live');
      pre.hidden = true;
      pre.parentNode.insertBefore(frame, pre.nextSibling);
    }, function () {
      pre.setAttribute('data-podlife-state', 'failed');
    });
  }

  function start() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll('pre[data-podlife]'));
    if (!blocks.length || typeof CompressionStream === 'undefined') return;
    if (!('IntersectionObserver' in window)) {
      blocks.forEach(upgrade);
      return;
    }
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) {
          io.unobserve(e.target);
          upgrade(e.target);
        }
      });
    }, { rootMargin: '200px 0px' });
    blocks.forEach(function (b) { io.observe(b); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
