extension Assets {
    /// A little progressive enhancement; every page works without it. It asks before a token is
    /// revoked and turns the "History" timeline times into local times on hover.
    static let script = #"""
    "use strict";
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll("form button.danger").forEach(function (button) {
        button.form.addEventListener("submit", function (event) {
          if (!window.confirm("Really revoke this token? Programs using it will stop working.")) { event.preventDefault(); }
        });
      });
      document.querySelectorAll("time[datetime]").forEach(function (element) {
        var date = new Date(element.getAttribute("datetime"));
        if (!isNaN(date.getTime())) { element.title = element.title + " — " + date.toLocaleString() + " your time"; }
      });
    });
    """#
}
