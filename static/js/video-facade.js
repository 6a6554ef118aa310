// Replace a recording's local placeholder with the privacy-enhanced YouTube player,
// only once the visitor asks for it. Without JavaScript the placeholder stays a link.
(function () {
  "use strict";
  function play(facade) {
    var frame = document.createElement("iframe");
    frame.src = facade.getAttribute("data-embed-url");
    // The title comes translated with the page ("Recording: …").
    frame.title = facade.getAttribute("data-title");
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.setAttribute("allowfullscreen", "");
    frame.className = "video-frame";
    facade.replaceChildren(frame);
    facade.classList.add("is-playing");
    frame.focus();
  }
  document.querySelectorAll(".video-facade").forEach(function (facade) {
    var link = facade.querySelector(".video-facade-link");
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return; // let "open in new tab" work as a plain link
      }
      event.preventDefault();
      play(facade);
    });
  });
})();
