// The preference form's live preview: while topics or queries change, the form is sent
// to the preview address and the list under it replaced. Without this script the
// "Preview" button renders the same list with the page.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  if (!form || !window.fetch || !window.FormData) return;
  var timer = null;
  var sent = 0;

  function refresh() {
    var ticket = ++sent;
    fetch(form.getAttribute("data-preview"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "text/html" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      var shown = document.getElementById("preview");
      if (html === null || ticket !== sent || !shown) return;  // a later edit is on its way
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("#preview");
      if (fresh) shown.replaceWith(fresh);
    }).catch(function () { /* the Preview button still works */ });
  }

  function later(event) {
    var target = event.target;
    if (!target || (target.name !== "topics" && target.name !== "queries")) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
