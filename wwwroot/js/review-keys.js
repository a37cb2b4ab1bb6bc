// Keyboard-first review: digits 1-9 pick a label, Enter accepts, S skips, F flags, B (or Backspace) goes back. With `spans` (a sentence's tags),
// 0 clears the selection to O and the arrow keys move it ("Shift+ArrowLeft" extends). Keys typed into a text field
// (the flag comment) are left alone, so typing a comment never answers an item.
export function listen(dotnet, spans) {
  const handler = e => {
    const target = e.target;
    if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
    let key = null;
    if (/^[1-9]$/.test(e.key)) key = e.key;
    else if (e.key === 'Enter') key = 'Enter';
    else if (e.key === 's' || e.key === 'S') key = 'S';
    else if (e.key === 'f' || e.key === 'F') key = 'F';
    else if (e.key === 'b' || e.key === 'B' || e.key === 'Backspace') key = 'B';
    else if (spans && e.key === '0') key = '0';
    else if (spans && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) key = (e.shiftKey ? 'Shift+' : '') + e.key;
    if (key === null) return;
    e.preventDefault();
    dotnet.invokeMethodAsync('OnReviewKey', key);
  };
  document.addEventListener('keydown', handler);
  return { stop: () => document.removeEventListener('keydown', handler) };
}
