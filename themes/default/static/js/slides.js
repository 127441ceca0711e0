/* loa: the presentation view of a slide deck (`kind: slides`). The page shows every slide one
 * after the other; "Trình chiếu" (or ?present in the address) shows one slide at a time over the
 * whole window: → ↓ PageDown or space for the next, ← ↑ PageUp for the previous, Home / End for
 * the first / last, F for full screen, Esc to leave. A progress bar and "n / N" say where you are.
 * Plain script with nothing fetched or stored, so it runs from file:// on a projector laptop with
 * no network; the address never changes, so no history entry is left behind. */
(function (d) {
  'use strict';
  var deck = d.querySelector('[data-slides]');
  if (!deck) return;
  var slides = deck.querySelectorAll('section.slide');
  var bar = deck.querySelector('.slides-bar');
  var count = deck.querySelector('.slides-count');
  var progress = deck.querySelector('.slides-progress span');
  var root = d.documentElement;
  var current = 0;
  var presenting = false;

  function label(n) {
    return (deck.getAttribute('data-t-slide') || '{n} / {total}')
      .replace('{n}', String(n)).replace('{total}', String(slides.length));
  }

  function go(i) {
    current = Math.max(0, Math.min(slides.length - 1, i));
    for (var k = 0; k < slides.length; k++) slides[k].classList.toggle('is-current', k === current);
    count.textContent = label(current + 1);
    progress.style.width = ((current + 1) / slides.length * 100) + '%';
    if (presenting) slides[current].scrollTop = 0;
  }

  function start() {
    presenting = true;
    root.classList.add('slides-presenting');
    bar.hidden = false;
    deck.setAttribute('tabindex', '-1');
    go(current);
    deck.focus();
  }

  function stop() {
    presenting = false;
    root.classList.remove('slides-presenting');
    bar.hidden = true;
    if (d.fullscreenElement && d.exitFullscreen) d.exitFullscreen();
    var button = deck.querySelector('[data-slides-start]');
    if (button) button.focus();
  }

  function fullscreen() {
    if (d.fullscreenElement) {
      if (d.exitFullscreen) d.exitFullscreen();
    } else if (root.requestFullscreen) {
      root.requestFullscreen().catch(function () { /* refused: the window view still works */ });
    }
  }

  d.addEventListener('keydown', function (e) {
    if (!presenting || e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
    var handled = true;
    switch (e.key) {
      case 'ArrowRight': case 'ArrowDown': case 'PageDown': go(current + 1); break;
      case 'ArrowLeft': case 'ArrowUp': case 'PageUp': go(current - 1); break;
      case ' ': case 'Spacebar':
        if (t && t.tagName === 'BUTTON') { handled = false; break; }
        go(current + (e.shiftKey ? -1 : 1)); break;
      case 'Home': go(0); break;
      case 'End': go(slides.length - 1); break;
      case 'f': case 'F': fullscreen(); break;
      case 'Escape': case 'Esc': if (!d.fullscreenElement) stop(); handled = false; break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });

  deck.querySelector('[data-slides-start]').addEventListener('click', start);
  deck.querySelector('[data-slides-prev]').addEventListener('click', function () { go(current - 1); });
  deck.querySelector('[data-slides-next]').addEventListener('click', function () { go(current + 1); });
  deck.querySelector('[data-slides-exit]').addEventListener('click', stop);
  root.classList.add('slides-js');
  go(0);
  if (/[?&]present(=|&|$)/.test(location.search)) start();
})(document);
