// The export page's "Select all" box, bound here because the admin's CSP forbids inline
// event handlers; onSelectToggleChange comes from django-import-export's own script.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".select-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
