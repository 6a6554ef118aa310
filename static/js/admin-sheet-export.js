// The export page's "Select all" box (templates/admin/sheets/export.html), bound here
// because the admin's CSP forbids inline event handlers.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".sheet-export .select-toggle");
  if (!toggle) return;
  toggle.addEventListener("change", () => {
    for (const box of document.querySelectorAll(".sheet-export input[name=columns]")) {
      box.checked = toggle.checked;
    }
  });
});
