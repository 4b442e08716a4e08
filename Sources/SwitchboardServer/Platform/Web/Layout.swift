import Foundation
import Plot
import SwitchboardCore

/// What every page's frame needs to know: who is signed in and the form token.
struct PageContext {
    struct Viewer {
        var displayName: String
        var isSupporter: Bool
        var isAdmin: Bool
        /// Their saved views with bounded counts, for the navigation.
        var views: [SavedView] = []
        /// The ticket lists' columns they chose.
        var columns: [TicketListColumn] = ListPreferences.defaultColumns
    }

    var viewer: Viewer?
    var csrfToken: String
    /// The instant pages count relative times from.
    var now: Date
    /// The address of the page (path and query), to mark the navigation's current entry.
    var currentPath: String = ""

    static func anonymous(csrfToken: String, now: Date) -> PageContext {
        PageContext(viewer: nil, csrfToken: csrfToken, now: now)
    }
}

/// The frame of every page: header with navigation, main content, footer.
enum Layout {
    static func render(title: String, context: PageContext, active: SiteURL? = nil, _ content: Markup) -> String {
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Not Plot's `.title()`: it copies the title unescaped into social-media meta tags.
                .element(named: "title", nodes: [.raw(Escape.text("\(title) · Switchboard"))]),
                .stylesheet(SiteURL.stylesheet.path),
                .script(.src(SiteURL.script.path), .attribute(named: "defer"))
            ),
            .body(
                header(context: context, active: active),
                SavedViewsNavigation.render(context.viewer?.views ?? [], currentPath: context.currentPath),
                el("main", [Attr("id", "main")], content),
                el("footer", [cls("site-footer")], text("Switchboard — helpdesk for federated research e-infrastructures"))
            )
        )
        return html.render()
    }

    private static func header(context: PageContext, active: SiteURL?) -> Markup {
        var items: [Markup] = []
        func item(_ label: String, _ url: SiteURL) {
            let current = active.map { $0.path == url.path } ?? false
            items.append(el("li", [], link(label, url.path, [current ? Attr("aria-current", "page") : nil])))
        }
        if let viewer = context.viewer {
            item(viewer.isSupporter ? "Dashboard" : "My tickets", .tickets)
            item("New ticket", .newTicket)
            item("Search", .search)
            item("Units", .units)
            item("Releases", .releases)
            item("Known issues", .knownIssues)
            if viewer.isSupporter || viewer.isAdmin {
                item("Requirements", .requirements)
                item("Service levels", .serviceLevels)
                item("Reports", .reports)
                item("Services", .services)
            }
            if viewer.isAdmin {
                item("Calendars", .calendars)
                item("Mail", .mail)
                item("Webhooks", .webhooks)
                item("Users", .users)
            }
            item("Account", .account)
        } else {
            item("Known issues", .knownIssues)
        }
        var right: [Markup] = []
        if let viewer = context.viewer {
            right.append(el("span", [cls("viewer")], text(viewer.displayName)))
            right.append(el("form", [Attr("method", "post"), Attr("action", SiteURL.signOut.path), cls("inline")],
                            csrfField(context), el("button", [Attr("type", "submit"), cls("link-button")], text("Sign out"))))
        } else {
            right.append(link("Sign in", SiteURL.signIn.path))
        }
        return el("header", [cls("site-header")],
                  el("a", [Attr("href", SiteURL.home.path), cls("brand")], text("Switchboard")),
                  el("nav", [Attr("aria-label", "Main")], el("ul", [], items)),
                  el("div", [cls("header-right")], right))
    }

    static func csrfField(_ context: PageContext) -> Markup {
        void("input", [Attr("type", "hidden"), Attr("name", "_csrf"), Attr("value", context.csrfToken)])
    }
}
