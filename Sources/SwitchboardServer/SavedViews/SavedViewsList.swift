import Foundation
import SwitchboardCore

/// The viewer's saved views as a list to keep tidy, on the search page: each view the viewer
/// may remove has a remove button.
enum SavedViewsList {
    static func render(_ views: [SavedView], context: PageContext, back: String) -> Markup {
        guard !views.isEmpty else { return group([]) }
        return el("ul", [cls("saved-view-list"), Attr("id", "saved-view-list"), Attr("aria-label", "Your views")],
            views.compactMap { saved -> Markup? in
                guard let id = saved.view.id else { return nil }
                return el("li", [],
                    link(saved.view.name, saved.url),
                    el("span", [cls("muted")], text(saved.unitName.map { " · shared with \($0)" } ?? " · yours")),
                    saved.removable
                        ? Forms.post(SiteURL.removeView(.value(id)).path, context: context, classes: "inline", [
                            Forms.hidden("back", back),
                            el("button", [Attr("type", "submit"), cls("button link small"), Attr("aria-label", "Remove the view \(saved.view.name)"),
                                          Attr("data-confirm", "Remove the view \(saved.view.name)?")], text("Remove")),
                        ])
                        : group([]))
            })
    }
}
