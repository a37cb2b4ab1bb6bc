// Keyboard-first review: digits 1-9 pick a label, Enter accepts, S skips, F flags. Keys typed into a text field
// (the flag comment) are left alone, so typing a comment never answers an item.
export function listen(dotnet) {
  const handler = e => {
    const target = e.target;
    if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
    let key = null;
    if (/^[1-9]$/.test(e.key)) key = e.key;
    else if (e.key === 'Enter') key = 'Enter';
    else if (e.key === 's' || e.key === 'S') key = 'S';
    else if (e.key === 'f' || e.key === 'F') key = 'F';
    if (key === null) return;
    e.preventDefault();
    dotnet.invokeMethodAsync('OnReviewKey', key);
  };
  document.addEventListener('keydown', handler);
  return { stop: () => document.removeEventListener('keydown', handler) };
}
