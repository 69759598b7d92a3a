// Agent shortcuts. Outside a text field: "/" focuses the search, ↑ ↓ move through the answer and
// the results, Enter opens (a link's own behaviour), "c" copies the answer with its phone number
// and link, 1–9 pick the caller's language (and search again). Esc leaves the search box.
(function () {
  'use strict';
  var search = document.getElementById('q');
  var caller = document.getElementById('caller');
  var copy = document.getElementById('copy');
  var status = document.getElementById('agent-status');
  if (!search) return;

  function picks() {
    return Array.prototype.slice.call(document.querySelectorAll('main a.pick'));
  }

  function move(step) {
    var items = picks();
    if (!items.length) return;
    var at = items.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : items.length - 1) : at + step;
    items[Math.max(0, Math.min(items.length - 1, next))].focus();
  }

  function legacyCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copyAnswer() {
    if (!copy) return;
    var link = new URL(copy.getAttribute('data-href'), location.href).href;
    var text = copy.getAttribute('data-copy') + ' ' + link;
    var done = function () {
      status.textContent = copy.getAttribute('data-done');
      copy.setAttribute('data-copied', text);
    };
    var failed = function () { status.textContent = copy.getAttribute('data-failed'); };
    var fallback = function () { if (legacyCopy(text)) done(); else failed(); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function pickCaller(index) {
    if (!caller || index >= caller.options.length) return;
    caller.selectedIndex = index;
    status.textContent = caller.options[index].text;
    if (search.value.trim()) search.form.submit();
  }

  function typing(el) {
    return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
  }

  if (copy) {
    copy.hidden = false;
    copy.addEventListener('click', copyAnswer);
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (e.target === search && e.key === 'Escape') {
      search.blur();
      move(1);
      return;
    }
    if (typing(e.target)) return;
    if (e.key === '/') {
      e.preventDefault();
      search.focus();
      search.select();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'c' || e.key === 'C') {
      e.preventDefault();
      copyAnswer();
    } else if (e.key >= '1' && e.key <= '9') {
      e.preventDefault();
      pickCaller(Number(e.key) - 1);
    }
  });

  // After a search, start on the answer so the arrows and "c" work at once.
  if (search.value.trim() && picks().length) picks()[0].focus();
})();
