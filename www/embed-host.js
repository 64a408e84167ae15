/* yusuan embed host: include once on a page with yusuan iframes —
     <iframe data-yusuan-embed src="https://…/embed.html?src=…&kind=…" title="…" height="480"></iframe>
     <script src="https://…/embed-host.js" defer></script>
   Each iframe then takes the height its page reports (postMessage {type: "yusuan:height"}), so it
   never scrolls or leaves a gap. A classic script with no inline code: fine under a strict CSP. */
(function () {
  'use strict';
  if (window.yusuanEmbedHost) return;
  window.yusuanEmbedHost = true;
  var SELECTOR = 'iframe[data-yusuan-embed]';

  function prepare(frame) {
    // Through the CSSOM (allowed by style-src 'self'), not a style attribute.
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.display = 'block';
  }

  function prepareAll() {
    var frames = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < frames.length; i++) prepare(frames[i]);
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'yusuan:height' || typeof data.height !== 'number' || !isFinite(data.height)) return;
    var frames = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      // Only the page the iframe was pointed at may size it.
      var origin;
      try {
        origin = new URL(frame.src, location.href).origin;
      } catch (e) {
        continue;
      }
      if (origin !== event.origin) continue;
      prepare(frame);
      frame.style.height = Math.max(60, Math.min(6000, Math.ceil(data.height))) + 'px';
    }
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', prepareAll);
  else prepareAll();
})();
