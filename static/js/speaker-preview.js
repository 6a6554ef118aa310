// Live preview of the abstract on the speaker form. The page's own link authorises the
// preview endpoint; without JavaScript the "Preview the abstract" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview-url]");
  if (!form) {
    return;
  }
  var source = form.querySelector("#id_abstract");
  var target = document.getElementById("abstract-preview");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var latest = 0;
  function refresh() {
    var body = new FormData();
    body.append("content", source.value);
    body.append("csrfmiddlewaretoken", token.value);
    var asked = ++latest;
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token.value },
    })
      .then(function (response) {
        return response.text().then(function (text) {
          return { ok: response.ok, text: text };
        });
      })
      .then(function (result) {
        if (asked !== latest) {
          return; // an older answer arriving late
        }
        if (result.ok) {
          target.innerHTML = result.text; // sanitised server-side (groupsite.markdown.render)
        } else {
          target.textContent = result.text;
        }
      })
      .catch(function () {
        target.textContent = "The preview is unavailable; use the preview button instead.";
      });
  }
  source.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 500);
  });
})();
