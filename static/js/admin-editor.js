// Show why the markdown editor refused an image, instead of django-markdownx's bare
// "Invalid response" placeholder, and take that placeholder back out of the text.
(function () {
  "use strict";
  var PLACEHOLDER = "Invalid response";
  function attach(editorBlock) {
    editorBlock.addEventListener("markdownx.fileUploadError", function (event) {
      var textarea = editorBlock.querySelector("textarea");
      if (textarea && textarea.value.indexOf(PLACEHOLDER) !== -1) {
        textarea.value = textarea.value.replace(PLACEHOLDER, "");
      }
      var detail = event.detail && event.detail[0];
      var message = (detail && detail.error) || "The image could not be uploaded.";
      var note = editorBlock.querySelector(".upload-error");
      if (!note) {
        note = document.createElement("p");
        note.className = "errornote upload-error";
        note.setAttribute("role", "alert");
        editorBlock.insertBefore(note, editorBlock.firstChild);
      }
      note.textContent = message;
    });
    editorBlock.addEventListener("markdownx.fileUploadEnd", function () {
      var note = editorBlock.querySelector(".upload-error");
      if (note) { note.remove(); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdownx").forEach(attach);
  });
})();
