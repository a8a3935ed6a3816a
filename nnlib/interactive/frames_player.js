/* The player of nnlib's frames widgets (nnlib/interactive/frames.py, "frames" mode).
 *
 * The book build draws every grid point of a widget as a PNG frame and writes, into the
 * page, the controls (an <input type="range"> per slider, a <select> per drop-down), the
 * initial frame and a JSON description of the grid. This script runs in the reader's
 * browser: when a control moves it shows the frame Python drew for the new positions.
 * No kernel, no network, no framework; it works from file:// too.
 *
 * JSON (script.nnlib-frames-data): {alt, url, controls: [{name, description, labels}],
 * frames: [[sha256, summary(, data URL)], ...]} with the frames in grid order, the last
 * control varying fastest (as itertools.product). A frame's file is url + sha256 + ".png".
 */
(function () {
  "use strict";

  function setUp(root) {
    if (root.dataset.nnlibReady) return;
    root.dataset.nnlibReady = "1";
    var data = JSON.parse(root.querySelector("script.nnlib-frames-data").textContent);
    var img = root.querySelector("img.nnlib-frame");
    var status = root.querySelector(".nnlib-status");
    var parts = data.controls.map(function (c) {
      var box = root.querySelector(".nnlib-control-" + c.name);
      return { input: box.querySelector("input, select"), readout: box.querySelector("output") };
    });

    // flat index of a frame = sum of position * stride, the last control varying fastest
    var strides = [];
    for (var i = data.controls.length - 1, s = 1; i >= 0; i--) {
      strides[i] = s;
      s *= data.controls[i].labels.length;
    }
    function positions() {
      return parts.map(function (p) {
        return p.input.tagName === "SELECT" ? p.input.selectedIndex : Number(p.input.value);
      });
    }
    function frameAt(pos) {
      var k = 0;
      pos.forEach(function (p, i) { k += p * strides[i]; });
      return data.frames[k];
    }
    function source(frame) {
      return frame.length > 2 ? frame[2] : data.url + frame[0] + ".png";
    }
    // the same text alternative as Python's (frames._alt_text)
    function altText(pos, frame) {
      var settings = data.controls.map(function (c, i) {
        return c.description + " = " + c.labels[pos[i]];
      }).join(", ");
      return data.alt ? data.alt + " (" + settings + "): " + frame[1] : settings + ": " + frame[1];
    }
    // ask for the frames one step away, so that the next move shows at once
    function prefetch() {
      var pos = positions();
      pos.forEach(function (p, i) {
        [p - 1, p + 1].forEach(function (q) {
          if (q < 0 || q >= data.controls[i].labels.length) return;
          var next = pos.slice();
          next[i] = q;
          new Image().src = source(frameAt(next));
        });
      });
    }
    function show() {
      var pos = positions();
      var frame = frameAt(pos);
      parts.forEach(function (p, i) {
        if (p.readout) {
          var label = data.controls[i].labels[pos[i]];
          p.readout.textContent = label;
          p.input.setAttribute("aria-valuetext", label);
        }
      });
      img.src = source(frame);  // the browser keeps the old picture until the new one is ready
      img.alt = altText(pos, frame);
      img.dataset.sha256 = frame[0];
      status.textContent = frame[1];
      prefetch();
    }

    parts.forEach(function (p) {
      p.input.addEventListener("input", show);
      p.input.addEventListener("change", show);
      p.input.addEventListener("focus", prefetch);
      p.input.disabled = false;  // disabled in the page until this script runs
    });
  }

  document.querySelectorAll(".nnlib-frames[data-nnlib-frames]").forEach(setUp);
})();
