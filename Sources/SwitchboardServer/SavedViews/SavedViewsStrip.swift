import Foundation
import SwitchboardCore

/// The saved views as a row of links with their counts, on the dashboard and the search page;
/// each view the viewer may remove has a small remove button.
enum SavedViewsStrip {
    static func render(_ views: [SavedView], context: PageContext, back: String) -> Markup {
        guard !views.isEmpty else { return group([]) }
        return el("nav", [cls("saved-views"), Attr("id", "saved-views"), Attr("aria-label", "Saved views")],
            el("ul", [], views.compactMap { saved -> Markup? in
                guard let id = saved.view.id else { return nil }
                return el("li", [cls(saved.unitName == nil ? "view" : "view shared")],
                    link(saved.view.name, saved.url, [Attr("title", saved.unitName.map { "Shared with \($0)" } ?? "Your view")]),
                    el("span", [cls("count")], text(String(saved.count))),
                    saved.removable
                        ? Forms.post(SiteURL.removeView(.value(id)).path, context: context, classes: "inline", [
                            Forms.hidden("back", back),
                            el("button", [Attr("type", "submit"), cls("button link small"), Attr("aria-label", "Remove the view \(saved.view.name)"),
                                          Attr("data-confirm", "Remove the view \(saved.view.name)?")], text("×")),
                        ])
                        : group([]))
            }))
    }
}
