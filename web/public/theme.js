// Runs before the first paint (see index.html): the saved theme, else the system's.
(() => {
  var saved = null;
  try {
    saved = localStorage.getItem('turumba-theme');
  } catch {}
  var dark =
    saved === 'dark' ||
    ((saved === null || saved === 'system') && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
})();
