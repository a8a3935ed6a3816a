/*
 * Part of this book (not vendored). The ipywidgets HTML manager
 * (@jupyter-widgets/html-manager 1.0.x, embed.js) typesets widget labels with the
 * MathJax 2 API, `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`, whenever
 * `window.MathJax` exists. The book ships MathJax 3, which has no `Hub`, so without this
 * shim every widget with a label throws "Cannot read properties of undefined (reading
 * 'Queue')" and is not rendered. The shim maps that one call onto MathJax 3's
 * `typesetPromise`. Loaded (deferred) after MathJax by tools/book_sphinx_ext.py.
 */
(function () {
  "use strict";
  function typeset(job) {
    var element = Array.isArray(job) ? job[2] : null;
    var mj = window.MathJax;
    if (!element || !mj || !mj.startup || !mj.startup.promise) return;
    mj.startup.promise
      .then(function () { return mj.typesetPromise([element]); })
      .catch(function (err) { console.warn("MathJax could not typeset a widget label", err); });
  }
  function install() {
    var mj = window.MathJax;
    if (mj && !mj.Hub) {
      mj.Hub = { Queue: function () { Array.prototype.forEach.call(arguments, typeset); } };
    }
  }
  install();
  // MathJax 3 replaces window.MathJax (the configuration object) when it loads.
  document.addEventListener("DOMContentLoaded", install);
})();
