/* loa: quiz blocks. Each `[data-quiz]` is one question (a fieldset of radio buttons or check
 * boxes); "Trả lời" checks the choice, says right or wrong in the question's status line, marks the
 * right choices and shows the explanation. The score box after the last question counts the right
 * answers; "Làm lại" clears everything. The sentences come from the score box's `data-t-*`
 * attributes (written by loa in the site language). Nothing is stored and nothing is fetched, so
 * it works the same from file:// and leaves no trace on a shared phone. */
(function (d) {
  'use strict';
  var summary = d.querySelector('[data-quiz-summary]');
  var quizzes = d.querySelectorAll('[data-quiz]');
  if (!summary || !quizzes.length) return;
  d.documentElement.className += ' quiz-js';

  function t(name, values) {
    var s = summary.getAttribute('data-t-' + name) || '';
    return s.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values || {}, k) ? values[k] : m;
    });
  }

  function inputs(q) {
    return q.querySelectorAll('input');
  }

  function rightSet(q) {
    var a = (q.getAttribute('data-answer') || '').split(',');
    var set = {};
    for (var i = 0; i < a.length; i++) if (a[i] !== '') set[a[i]] = true;
    return set;
  }

  /* The reader's choice is right when exactly the right boxes are ticked. */
  function judge(q) {
    var right = rightSet(q), list = inputs(q), any = false, ok = true;
    for (var i = 0; i < list.length; i++) {
      var c = list[i].checked;
      any = any || c;
      if (c !== !!right[list[i].value]) ok = false;
    }
    return any ? (ok ? 'right' : 'wrong') : 'none';
  }

  function mark(q, show) {
    var right = rightSet(q), list = inputs(q);
    for (var i = 0; i < list.length; i++) {
      var box = list[i].parentNode;
      box.classList.remove('is-right', 'is-wrong');
      if (!show) continue;
      if (right[list[i].value]) box.classList.add('is-right');
      else if (list[i].checked) box.classList.add('is-wrong');
    }
  }

  function score() {
    var right = 0, answered = 0;
    for (var i = 0; i < quizzes.length; i++) {
      var r = quizzes[i].getAttribute('data-result');
      if (r) answered++;
      if (r === 'right') right++;
    }
    summary.querySelector('.quiz-score').textContent =
      t('score', { right: right, answered: answered, total: quizzes.length });
  }

  function answer(q) {
    var result = judge(q);
    var feedback = q.querySelector('.quiz-feedback');
    var explain = q.querySelector('.quiz-explain');
    feedback.classList.remove('is-right', 'is-wrong');
    if (result === 'none') {
      feedback.textContent = t('none');
      return;
    }
    q.setAttribute('data-result', result);
    feedback.classList.add('is-' + result);
    feedback.textContent = t(result, { key: q.getAttribute('data-key') });
    mark(q, true);
    if (explain) explain.hidden = false;
    score();
  }

  function reset() {
    for (var i = 0; i < quizzes.length; i++) {
      var q = quizzes[i], list = inputs(q), explain = q.querySelector('.quiz-explain');
      for (var k = 0; k < list.length; k++) list[k].checked = false;
      q.removeAttribute('data-result');
      var feedback = q.querySelector('.quiz-feedback');
      feedback.textContent = '';
      feedback.classList.remove('is-right', 'is-wrong');
      mark(q, false);
      if (explain) explain.hidden = true;
    }
    score();
    var first = quizzes[0].querySelector('input');
    if (first) first.focus();
  }

  for (var i = 0; i < quizzes.length; i++) {
    (function (q) {
      q.querySelector('[data-quiz-check]').addEventListener('click', function () {
        answer(q);
      });
    })(quizzes[i]);
  }
  summary.querySelector('[data-quiz-reset]').addEventListener('click', reset);
})(document);
