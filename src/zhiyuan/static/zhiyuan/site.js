// Small page behaviours, wired here instead of inline handlers (the Content-Security-Policy allows no
// inline script):
//   <select data-autosubmit>             submits its form when changed;
//   <input data-fill-NAME="value" ...>   when chosen, sets the form's field NAME (one lower-case word) to value.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (!(el instanceof HTMLElement) || !el.form) return;
  if (el.hasAttribute("data-autosubmit")) el.form.submit();
  for (const [key, value] of Object.entries(el.dataset)) {
    if (!key.startsWith("fill") || key.length <= 4) continue;
    const name = key.charAt(4).toLowerCase() + key.slice(5);
    const field = el.form.elements.namedItem(name);
    if (field && "value" in field) field.value = value;
  }
});
