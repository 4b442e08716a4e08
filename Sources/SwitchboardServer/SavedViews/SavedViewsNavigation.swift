import Foundation
import SwitchboardCore

/// The viewer's saved views under the main navigation of every page, each with the number of
/// tickets it finds now (up to `ViewerLists.countBound`, then "1000+").
enum SavedViewsNavigation {
    static func render(_ views: [SavedView], currentPath: String) -> Markup {
        guard !views.isEmpty else { return group([]) }
        return el("nav", [cls("saved-views"), Attr("id", "saved-views"), Attr("aria-label", "Saved views")],
            el("span", [cls("saved-views-label")], text("Views")),
            el("ul", [], views.map { saved in
                let count = saved.countIsLowerBound ? "\(saved.count)+" : String(saved.count)
                return el("li", [cls(saved.unitName == nil ? "view" : "view shared")],
                    link(saved.view.name, saved.url, [
                        Attr("title", saved.unitName.map { "Shared with \($0)" } ?? "Your view"),
                        saved.url == currentPath ? Attr("aria-current", "page") : nil,
                    ]),
                    el("span", [cls("count"), Attr("aria-label", count == "1" ? "1 ticket" : "\(count) tickets")], text(count)))
            }))
    }
}
