// The confirmation dialog the dead-letter and jobs pages share: an action runs only after "yes" in the page's
// #confirm box; its answer (or refusal) is written to the page's note, then the page reloads its data.
window.crystalConfirm = function (note, reload) {
  'use strict';
  let pending = null;
  const box = document.getElementById('confirm');
  document.getElementById('confirm-yes').addEventListener('click', () => {
    const action = pending;
    pending = null;
    box.hidden = true;
    if (action) {
      action().then(text => { note.textContent = text; }).catch(err => { note.textContent = 'refused: ' + err; })
        .then(reload);
    }
  });
  document.getElementById('confirm-no').addEventListener('click', () => {
    pending = null;
    box.hidden = true;
  });
  // ask(text, action): shows text; action returns a promise of the note's text
  return function ask(text, action) {
    pending = action;
    document.getElementById('confirm-text').textContent = text;
    box.hidden = false;
  };
};
