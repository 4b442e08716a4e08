extension Assets {
    /// A little progressive enhancement; every page works without it. It asks before a form
    /// whose button carries `data-confirm` is sent, turns times into local times on hover, and
    /// gives the keyboard shortcuts: `j`/`k` move through a list of tickets, `o` (or Enter)
    /// opens the chosen one, `r` goes to the reply box, `/` to the search.
    static let script = #"""
    "use strict";
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll("form button[data-confirm]").forEach(function (button) {
        button.form.addEventListener("submit", function (event) {
          if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
        });
      });
      document.querySelectorAll("time[datetime]").forEach(function (element) {
        var date = new Date(element.getAttribute("datetime"));
        if (!isNaN(date.getTime())) { element.title = element.title + " — " + date.toLocaleString() + " your time"; }
      });

      var search = document.querySelector("form.search input[name=text]");
      if (search && window.location.hash === "#search") { search.focus(); }
      var rows = Array.prototype.slice.call(document.querySelectorAll("table.tickets tbody tr"));
      var current = -1;
      function choose(index) {
        if (rows.length === 0) { return; }
        if (current >= 0) { rows[current].classList.remove("current"); rows[current].removeAttribute("aria-current"); }
        current = Math.max(0, Math.min(rows.length - 1, index));
        rows[current].classList.add("current");
        rows[current].setAttribute("aria-current", "true");
        rows[current].scrollIntoView({ block: "nearest" });
      }
      document.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) { return; }
        var target = event.target;
        if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) { return; }
        if (event.key === "j") { choose(current + 1); }
        else if (event.key === "k") { choose(current - 1); }
        else if ((event.key === "o" || event.key === "Enter") && current >= 0) {
          var link = rows[current].querySelector("td.number a");
          if (link) { window.location.href = link.href; }
        } else if (event.key === "r") {
          var reply = document.querySelector("#action-reply textarea");
          if (!reply) { return; }
          reply.focus();
        } else if (event.key === "/") {
          if (search) { search.focus(); search.select(); } else { window.location.href = "/search#search"; }
        } else { return; }
        event.preventDefault();
      });
    });
    """#
}
