/*
 * Part of this book (not vendored). Typesets the page's formulas a few at a time.
 *
 * MathJax normally typesets every formula of a page in one go when it starts. A chapter has
 * up to 300 formulas, and that took about 1.5 s on a slow computer, during which the page
 * (its sliders included) did not answer. _config.yml sets `startup.typeset: false`; this
 * script then typesets the formulas in document order, in small batches, and lets the
 * browser handle input between batches. Every formula is typeset (with its assistive MathML
 * for screen readers) within a second or two of opening the page. `window.bookMath` is a
 * promise that resolves when all are done (the browser tests wait for it).
 * Loaded (deferred, after MathJax) by tools/book_sphinx_ext.py.
 */
(function () {
  "use strict";
  var BATCH = 20;  // formulas per batch: about 0.1 s of work on a slow computer

  function typesetInBatches() {
    var mj = window.MathJax;
    // elements MathJax would process: Sphinx's math spans and divs, and labels marked for it
    var nodes = Array.prototype.slice.call(document.querySelectorAll(".math, .mathjax_process"));
    var i = 0;
    return new Promise(function (resolve) {
      function next() {
        if (i >= nodes.length) return resolve(nodes.length);
        var batch = nodes.slice(i, i + BATCH);
        i += BATCH;
        mj.typesetPromise(batch)
          .catch(function (err) { console.warn("MathJax could not typeset a formula", err); })
          .then(function () { setTimeout(next, 0); });
      }
      next();
    });
  }

  var mj = window.MathJax;
  window.bookMath = mj && mj.startup && mj.startup.promise
    ? mj.startup.promise.then(typesetInBatches)
    : Promise.resolve(0);
})();
