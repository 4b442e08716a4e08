import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardServer

/// Pages rendered from plain model values, without a database or a server.
@Suite struct WebViewTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let attack = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>"

    var context: PageContext {
        PageContext(viewer: .init(displayName: "Eva \(Self.attack)", isSupporter: true, isAdmin: false), csrfToken: "csrf-123", now: Self.now)
    }

    func ticketModel(can: TicketPage.Capabilities, entries: [TicketPage.Entry]) -> TicketPage.Model {
        TicketPage.Model(
            id: 42, subject: Self.attack, description: "First line\nsecond line\n\n\(Self.attack)", status: .waitingForReply, priority: .topPriority,
            category: .incident, unitName: "DMSU", unitTier: .secondLine, assigneeName: nil, submitterName: "Alice",
            involved: ["dCache"], links: [(kind: .masterOf, ticket: 7)], details: [("VO", "atlas")],
            createdAt: Self.now.addingTimeInterval(-7200), updatedAt: Self.now.addingTimeInterval(-60), entries: entries, attachments: [], can: can)
    }

    @Test func everyUserStringIsEscapedInTextAndAttributes() {
        var can = TicketPage.Capabilities()
        can.reply = true
        let html = TicketPage.render(ticketModel(can: can, entries: [
            TicketPage.Entry(kind: .commentPublic, visibility: .public, actorName: Self.attack, at: Self.now, changes: [], note: nil, commentBody: Self.attack),
        ]), context: context)
        #expect(!html.contains("<script>alert(1)"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("\"><img"), "an attribute value was not escaped")

        let form = NewTicketPage.render(NewTicketPage.Model(values: ["subject": Self.attack, "vo": "\" autofocus onfocus=\"alert(1)"], errors: [:]), context: context)
        #expect(form.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""))
        #expect(!form.contains("onfocus=\"alert"))
    }

    @Test func internalEntriesAreMarkedAndActionsFollowTheCapabilities() {
        var supporter = TicketPage.Capabilities()
        supporter.reply = true
        supporter.internalNote = true
        supporter.seesInternal = true
        supporter.statusTargets = [.inProgress, .solved]
        supporter.changePriority = true
        let entries = [
            TicketPage.Entry(kind: .commentInternal, visibility: .internal, actorName: "Eva", at: Self.now, changes: [], note: nil, commentBody: "between us"),
            TicketPage.Entry(kind: .statusChanged, visibility: .public, actorName: "Eva", at: Self.now,
                             changes: [FieldChange(field: "status", before: "in-progress", after: "waiting-for-reply")], note: "Which version?", commentBody: nil),
        ]
        let html = TicketPage.render(ticketModel(can: supporter, entries: entries), context: context)
        #expect(html.contains("entry kind-comment-internal internal"))
        #expect(html.contains("<span class=\"internal-tag\" title=\"Supporters only: the submitter never sees it\">internal</span>"))
        #expect(html.contains("changed the status from in progress to waiting for reply"))
        #expect(html.contains("action=\"/tickets/42/note\""))
        #expect(html.contains("action=\"/tickets/42/priority\""))
        #expect(html.contains("<option value=\"solved\">Solved</option>"))

        var submitter = TicketPage.Capabilities()
        submitter.reply = true
        submitter.statusTargets = [.inProgress]
        let own = TicketPage.render(ticketModel(can: submitter, entries: []), context: context)
        #expect(own.contains("action=\"/tickets/42/reply\""))
        #expect(!own.contains("/tickets/42/note"))
        #expect(!own.contains("/tickets/42/assign"))
        #expect(!own.contains("/tickets/42/priority"))
    }

    @Test func everyPostFormCarriesTheCSRFToken() {
        var can = TicketPage.Capabilities()
        can = TicketPage.Capabilities(reply: true, internalNote: true, assignUnit: true, assignPerson: true, statusTargets: [.solved],
                                      changePriority: true, involve: true, link: true, attach: true, attachInternal: true, seesInternal: true)
        var model = ticketModel(can: can, entries: [])
        model.unitMembers = [Forms.Option(value: UUID().uuidString, label: "Eva")]
        let pages = [
            TicketPage.render(model, context: context),
            NewTicketPage.render(NewTicketPage.Model(), context: context),
            AccountPage.render(AccountPage.Model(email: "e@x.org", displayName: "Eva", memberships: [], tokens: [
                AccountPage.Token(id: UUID(), name: "laptop", createdAt: Self.now, revokedAt: nil)]), context: context),
        ]
        for html in pages {
            let forms = html.components(separatedBy: "<form method=\"post\"").count - 1
            let tokens = html.components(separatedBy: "name=\"_csrf\" value=\"csrf-123\"").count - 1
            #expect(forms > 0 && forms == tokens, "\(forms) forms, \(tokens) tokens")
        }
    }

    @Test func aFormWithErrorsKeepsTheValuesAndMarksTheFields() {
        let html = NewTicketPage.render(NewTicketPage.Model(
            values: ["subject": "", "description": "Jobs fail", "vo": "atlas", "priority": "urgent"],
            errors: ["subject": ["A subject is required."]]), context: context)
        #expect(html.contains("Please correct the marked fields."))
        #expect(html.contains("<p class=\"field-error\" id=\"field-subject-error\" role=\"alert\">A subject is required.</p>"))
        #expect(html.contains("aria-describedby=\"field-subject-error\""))
        #expect(html.contains(">Jobs fail</textarea>"))
        #expect(html.contains("name=\"vo\" value=\"atlas\""))
        #expect(html.contains("<option value=\"urgent\" selected>Urgent</option>"))
    }

    @Test func dashboardShowsCountsAndRows() {
        let row = TicketRow(id: 9, subject: "SRM down", status: .assigned, priority: .urgent, unitName: "DMSU", assigneeName: nil,
                            createdAt: Self.now.addingTimeInterval(-3 * 86_400), updatedAt: Self.now.addingTimeInterval(-3600))
        let html = DashboardPage.render(DashboardPage.Model(
            isSupporter: true, filters: .init(), countsByStatus: [(.assigned, 3), (.new, 2)],
            sections: [.init(section: .assignedToMe, title: "Assigned to me", rows: [], empty: "No open tickets are assigned to you."),
                       .init(section: .unitQueue, title: "Open tickets of my units", rows: [row], empty: "None.")],
            unitOptions: [], choices: [], columns: ListPreferences.defaultColumns),
            context: context)
        #expect(html.contains("<strong>5</strong> open"))
        #expect(html.contains("href=\"/tickets?status=assigned\">3 assigned</a>"))
        #expect(html.contains("href=\"/tickets/9\" title=\"SRM down\">SRM down</a>"), "the whole subject on hover")
        #expect(html.contains("title=\"18 Sep 2026, 14:13 UTC\">3 d</time>"), "compact times, the instant on hover")
        #expect(html.contains("No open tickets are assigned to you."))
    }

    @Test func searchKeepsEveryChosenStatusAndItsPages() {
        let html = SearchPage.render(SearchPage.Model(
            values: ["status": "in-progress", "cursor": "djE6OQ"], chosen: ["status": ["assigned", "in-progress"]],
            firstPageURL: "/search?status=assigned&status=in-progress", errors: [:], rows: [], nextPageURL: "/search?status=assigned&status=in-progress&cursor=djE6Mw",
            isFirstPage: false, unitChoices: [], people: []), context: context)
        #expect(html.contains("<select id=\"field-status\" name=\"status\" multiple size=\"5\">"))
        #expect(html.contains("<option value=\"assigned\" selected>Assigned</option>"))
        #expect(html.contains("<option value=\"in-progress\" selected>In progress</option>"))
        #expect(html.contains("<option value=\"new\">New</option>"))
        #expect(html.contains("href=\"/search?status=assigned&amp;status=in-progress\">First page</a>"))
        #expect(html.contains("rel=\"next\""))
    }

    @Test func relativeTimesReadNaturally() {
        #expect(Format.relative(Self.now.addingTimeInterval(-30), now: Self.now) == "just now")
        #expect(Format.relative(Self.now.addingTimeInterval(-60), now: Self.now) == "1 minute ago")
        #expect(Format.relative(Self.now.addingTimeInterval(-7_200), now: Self.now) == "2 hours ago")
        #expect(Format.relative(Self.now.addingTimeInterval(-86_400 * 15), now: Self.now) == "2 weeks ago")
        #expect(Format.relative(Self.now.addingTimeInterval(-86_400 * 400), now: Self.now) == "1 year ago")
        // Lists use the compact form, which never wraps.
        #expect(Format.compact(Self.now.addingTimeInterval(-30), now: Self.now) == "now")
        #expect(Format.compact(Self.now.addingTimeInterval(-720), now: Self.now) == "12 min")
        #expect(Format.compact(Self.now.addingTimeInterval(-86_400 * 15), now: Self.now) == "2 w")
        #expect(Format.compact(Self.now.addingTimeInterval(-86_400 * 45), now: Self.now) == "1 mo")
        #expect(Format.compact(Self.now.addingTimeInterval(86_400 * 3), now: Self.now) == "in 3 d")
    }

    @Test func errorPagesNeverShowInternals() {
        let html = ErrorPage.render(ErrorPage.model(status: 500, message: "PSQLError: relation tickets does not exist"), context: context)
        #expect(!html.contains("PSQLError"))
        #expect(html.contains("Something went wrong"))
        #expect(ErrorPage.render(ErrorPage.model(status: 404, message: "No such ticket."), context: context).contains("No such ticket."))
    }

    @Test func nextAfterSignInStaysOnThisSite() {
        #expect(WebResponse.safeNext("/tickets/5") == "/tickets/5")
        #expect(WebResponse.safeNext("//evil.example.org") == "/")
        #expect(WebResponse.safeNext("https://evil.example.org") == "/")
        #expect(WebResponse.safeNext("/\\evil.example.org") == "/")
        #expect(WebResponse.safeNext(nil) == "/")
    }
}
