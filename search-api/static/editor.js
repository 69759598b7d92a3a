// The editors' workspace: counts the summary's characters as you type. Everything works without
// this file; the limit is checked again when the form is saved.
(function () {
  'use strict';
  var summary = document.getElementById('summary');
  var output = document.getElementById('summary-count');
  if (!summary || !output) return;
  var max = parseInt(summary.getAttribute('data-max'), 10) || 300;
  var template = output.getAttribute('data-template') || '{count} / {max}';
  function update() {
    var count = Array.from(summary.value.trim()).length;
    output.textContent = template.replace('{count}', count).replace('{max}', max);
    output.classList.toggle('over', count > max);
  }
  summary.addEventListener('input', update);
  update();
})();
