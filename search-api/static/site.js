// Search-as-you-type: fills the search box's <datalist> from /api/suggest, and searches when a
// suggestion is chosen; Escape or a click elsewhere closes the language switcher. Everything works
// without this file.
(function () {
  'use strict';
  var langs = document.querySelector('.langs details');
  if (!langs) return;
  langs.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && langs.open) {
      langs.open = false;
      langs.querySelector('summary').focus();
    }
  });
  document.addEventListener('click', function (e) {
    if (langs.open && !langs.contains(e.target)) langs.open = false;
  });
})();

(function () {
  'use strict';
  var input = document.querySelector('input[data-suggest]');
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute('list'));
  var timer = 0;
  var asked = '';
  var pending = null;

  function fill(suggestions) {
    list.textContent = '';
    suggestions.forEach(function (s) {
      var option = document.createElement('option');
      option.value = s;
      list.appendChild(option);
    });
  }

  function suggest() {
    var q = input.value;
    if (q.trim().length < 2 || q === asked) return;
    asked = q;
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    fetch('/api/suggest?q=' + encodeURIComponent(q), pending ? { signal: pending.signal } : {})
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { fill(data.suggestions || []); })
      .catch(function () {});
  }

  input.addEventListener('input', function (e) {
    clearTimeout(timer);
    // Chrome reports a picked <datalist> option as a replacement, not as typing.
    if (e.inputType === 'insertReplacementText' && input.form) {
      input.form.submit();
      return;
    }
    timer = setTimeout(suggest, 150);
  });
})();
