import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

struct KnownIssueJSON: Codable {
    var number: Int
    var title: String
    var symptoms: String
    var impact: String
    var workaround: String?
    var components: [String]
    var versions: [String]
    var state: String
    var published: Bool
    var resolution: String?
    var tickets: [Int]
}

struct DigestJSON: Codable {
    struct Issue: Codable { var number: Int; var title: String; var state: String; var tickets: [Int] }
    struct Section: Codable { var section: String; var title: String; var issues: [Issue] }
    var title: String
    var sections: [Section]
}

/// Known issues through the API: documented from a ticket, drafts for supporters, published for
/// everyone, linked tickets told, resolved by hand or by the release that brings the fix.
@Suite struct KnownIssueTests {
    static func fromTicket(_ desk: TestHelpdesk, _ id: Int, as person: TestHelpdesk.Person, _ body: KnownIssueInput = KnownIssueInput(impact: "Jobs on the site fail."))
        async throws -> KnownIssueJSON {
        let response = try await desk.request(.POST, "/api/v1/tickets/\(id)/known-issue", as: person, json: body)
        #expect(response.status == .created, "\(response.body.string)")
        return try response.content.decode(KnownIssueJSON.self)
    }

    @Test func aDraftFromATicketIsTheSupportersUntilItIsPublished() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice, subject: "CREAM CE refuses proxies", extra: ["component": "cream", "componentVersion": "1.16.4"])
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/known-issue", as: cast.alice, json: ["impact": "x"]).status == .forbidden)
            let refused = try await desk.request(.POST, "/api/v1/tickets/\(id)/known-issue", as: cast.triage,
                                                 json: KnownIssueInput(title: "  ", impact: "", components: ["cream,dcache"]))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("impact") && refused.body.string.contains("components"), "\(refused.body.string)")
            #expect(try await desk.request(.GET, "/api/v1/known-issues", as: cast.triage).content.decode([KnownIssueJSON].self).isEmpty)

            let issue = try await Self.fromTicket(desk, id, as: cast.triage)
            #expect(issue.title == "CREAM CE refuses proxies" && issue.symptoms.contains("authorization error"), "from the ticket")
            #expect(issue.components == ["cream"] && issue.versions == ["1.16.4"] && issue.tickets == [id])
            #expect(issue.state == "open" && !issue.published && issue.workaround == nil)

            // A draft: for supporters only, on every path.
            #expect(try await desk.request(.GET, "/api/v1/known-issues/\(issue.number)", as: cast.alice).status == .notFound)
            #expect(try await desk.request(.GET, "/api/v1/known-issues/KI-\(issue.number)").status == .notFound)
            #expect(try await desk.request(.GET, "/api/v1/known-issues").content.decode([KnownIssueJSON].self).isEmpty)
            #expect(try await desk.request(.GET, "/api/v1/known-issues/KI-\(issue.number)", as: cast.developer).status == .ok)
            let hidden = try await desk.events(id, as: cast.alice)
            #expect(!hidden.contains { $0.changes.contains { $0.field == "knownIssue" } }, "the submitter does not see a draft's link")
            #expect(try await desk.events(id, as: cast.triage).contains { $0.visibility == "internal" && $0.changes.first?.field == "knownIssue" })
            var anonymous = WebFlowTests.Browser(desk: desk)
            #expect(try await anonymous.get("/known-issues/\(issue.number)").status == .notFound)

            let published = try await desk.request(.PATCH, "/api/v1/known-issues/\(issue.number)", as: cast.triage,
                                                   json: KnownIssueInput(workaround: "Renew the proxy with voms-proxy-init -rfc.", published: true))
            #expect(published.status == .ok, "\(published.body.string)")
            let read = try await desk.request(.GET, "/api/v1/known-issues/\(issue.number)").content.decode(KnownIssueJSON.self)
            #expect(read.published && read.workaround == "Renew the proxy with voms-proxy-init -rfc." && read.title == issue.title)
            #expect(read.tickets.isEmpty, "the tickets are the supporters'")
            #expect(try await desk.request(.GET, "/api/v1/known-issues", as: cast.alice).content.decode([KnownIssueJSON].self).map(\.number) == [issue.number])
            let told = try await desk.events(id, as: cast.alice)
            #expect(told.contains { $0.visibility == "public" && $0.changes.first?.after == "KI-\(issue.number) CREAM CE refuses proxies (published)" })
            let page = try await anonymous.get("/known-issues/\(issue.number)")
            #expect(page.status == .ok && page.body.string.contains("voms-proxy-init -rfc") && !page.body.string.contains("/tickets/\(id)\""))
            #expect(try await anonymous.get("/known-issues").body.string.contains("KI-\(issue.number): CREAM CE refuses proxies"))

            let bad = try await desk.request(.PATCH, "/api/v1/known-issues/\(issue.number)", as: cast.triage, json: ["title": "line one\nline two"])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await desk.request(.PATCH, "/api/v1/known-issues/\(issue.number)", as: cast.alice, json: ["title": "Mine"]).status == .forbidden)
            #expect(try await desk.request(.GET, "/api/v1/known-issues/\(issue.number)").content.decode(KnownIssueJSON.self).title == issue.title)
        }
    }

    @Test func linkedTicketsAreToldOfTheResolutionAndItCanBeReopened() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let first = try await desk.fileTicket(as: cast.alice, subject: "BDII drops sites")
            let second = try await desk.fileTicket(as: cast.bob, subject: "Site missing from BDII")
            let issue = try await Self.fromTicket(desk, first, as: cast.expert, KnownIssueInput(impact: "Sites vanish from the information system.", published: true))
            #expect(issue.published)
            let linked = try await desk.request(.POST, "/api/v1/known-issues/\(issue.number)/tickets", as: cast.expert, json: ["ticket": second])
            #expect(try linked.content.decode(KnownIssueJSON.self).tickets == [first, second])
            #expect(try await desk.request(.POST, "/api/v1/known-issues/\(issue.number)/tickets", as: cast.expert, json: ["ticket": second]).status == .conflict)
            #expect(try await desk.request(.POST, "/api/v1/known-issues/\(issue.number)/tickets", as: cast.expert, json: ["ticket": 999]).status == .notFound)

            #expect(try await desk.request(.POST, "/api/v1/known-issues/\(issue.number)/resolution", as: cast.expert, json: ["resolution": " "]).status
                == .unprocessableEntity)
            let resolved = try await desk.request(.POST, "/api/v1/known-issues/\(issue.number)/resolution", as: cast.expert,
                                                  json: ["resolution": "The BDII cache time was raised."])
            let answer = try resolved.content.decode(KnownIssueJSON.self)
            #expect(answer.state == "resolved" && answer.resolution == "The BDII cache time was raised.")
            #expect(try await desk.request(.POST, "/api/v1/known-issues/\(issue.number)/resolution", as: cast.expert,
                                           json: ["resolution": "again"]).status == .conflict)
            for (ticket, submitter) in [(first, cast.alice), (second, cast.bob)] {
                let events = try await desk.events(ticket, as: submitter)
                #expect(events.contains { $0.visibility == "public" && $0.changes.first?.field == "knownIssueState" && $0.changes.first?.after == "KI-\(issue.number) resolved" })
            }
            let reopened = try await desk.request(.DELETE, "/api/v1/known-issues/\(issue.number)/resolution", as: cast.expert)
            #expect(try reopened.content.decode(KnownIssueJSON.self).state == "open")
            let unlinked = try await desk.request(.DELETE, "/api/v1/known-issues/\(issue.number)/tickets/\(second)", as: cast.expert)
            #expect(try unlinked.content.decode(KnownIssueJSON.self).tickets == [first])
        }
    }

    @Test func theDigestShowsEachIssueOnceSinceADayInEveryFormat() async throws {
        try await TestHelpdesk.with(configure: { $0.knownIssues.digestAddress = "ops-meeting@example.org" }) { desk in
            let cast = try await desk.cast()
            func create(_ title: String, published: Bool = true) async throws -> Int {
                let response = try await desk.request(.POST, "/api/v1/known-issues", as: cast.expert, json: KnownIssueInput(
                    title: title, symptoms: "Symptoms of \(title).", impact: "Some *sites*.", components: ["dcache"], published: published))
                #expect(response.status == .created, "\(response.body.string)")
                return try response.content.decode(KnownIssueJSON.self).number
            }
            // 2026-09-21 (Monday): two issues before the meeting's week.
            let changed = try await create("Changed later")
            let untouched = try await create("Untouched")
            desk.time.advance(by: 7 * 86_400)  // 2026-09-28
            let since = "2026-09-28"
            #expect(try await desk.request(.PATCH, "/api/v1/known-issues/\(changed)", as: cast.expert, json: ["workaround": "Restart the pool."]).status == .ok)
            let opened = try await create("Opened this week")
            let resolvedAlready = try await create("Opened and resolved this week")
            #expect(try await desk.request(.POST, "/api/v1/known-issues/\(resolvedAlready)/resolution", as: cast.expert,
                                           json: ["resolution": "Fixed in dCache 9.2.15."]).status == .ok)
            let draft = try await create("A draft", published: false)

            let json = try await desk.request(.GET, "/api/v1/known-issues/digest?since=\(since)").content.decode(DigestJSON.self)
            #expect(json.sections.map(\.section) == ["opened", "changed", "resolved"])
            #expect(json.sections.map { $0.issues.map(\.number) } == [[opened], [changed], [resolvedAlready]], "each once; the draft and \(untouched) left out")
            let supporters = try await desk.request(.GET, "/api/v1/known-issues/digest?since=\(since)", as: cast.triage).content.decode(DigestJSON.self)
            #expect(supporters.sections[0].issues.map(\.number) == [opened, draft], "supporters see drafts")

            let markdown = try await desk.request(.GET, "/api/v1/known-issues/digest?since=\(since)&format=markdown")
            #expect(markdown.headers.contentType?.description.hasPrefix("text/markdown") == true)
            let text = markdown.body.string
            #expect(text.contains("since 2026-09-28") && text.contains("## New known issues\n\n### KI-\(opened): Opened this week"))
            #expect(text.contains("- **Impact:** Some \\*sites\\*.") && text.contains("- **Resolved:** 2026-09-28: Fixed in dCache 9.2.15."))
            let plain = try await desk.request(.GET, "/api/v1/known-issues/digest?since=\(since)&format=text")
            #expect(plain.headers.contentType?.description.hasPrefix("text/plain") == true)
            #expect(plain.body.string.contains("UPDATED KNOWN ISSUES\n\nKI-\(changed): Changed later\n  State: open"))
            #expect(try await desk.request(.GET, "/api/v1/known-issues/digest?since=last-week").status == .unprocessableEntity)
            #expect(try await desk.request(.GET, "/api/v1/known-issues/digest?format=pdf").status == .unprocessableEntity)
            // Nothing since a day to come.
            let empty = try await desk.request(.GET, "/api/v1/known-issues/digest?since=2030-01-01").content.decode(DigestJSON.self)
            #expect(empty.sections.isEmpty)

            // Mailed to the operations list: published issues only.
            #expect(try await desk.request(.POST, "/api/v1/known-issues/digest/mail", as: cast.alice, json: ["since": since]).status == .forbidden)
            let mailed = try await desk.request(.POST, "/api/v1/known-issues/digest/mail", as: cast.expert, json: ["since": since])
            #expect(mailed.status == .ok, "\(mailed.body.string)")
            let message = try #require(try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "known-issue-digest").first())
            #expect(message.recipients == "ops-meeting@example.org" && message.subject.hasSuffix("since 2026-09-28"))
            #expect(message.body.contains("KI-\(opened): Opened this week") && !message.body.contains("A draft"))
        }
    }

    @Test func withoutAListTheDigestIsNotMailed() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let refused = try await desk.request(.POST, "/api/v1/known-issues/digest/mail", as: cast.expert, json: [String: String]())
            #expect(refused.status == .conflict && refused.body.string.contains("SWITCHBOARD_KNOWN_ISSUES_LIST"))
            #expect(try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "known-issue-digest").count() == 0)
        }
    }

    @Test func theReleaseThatBringsALinkedFixToProductionResolvesIt() async throws {
        try await TestHelpdesk.with { desk in
            let releases = ReleaseClosureTests()
            let setting = try await releases.setting(desk)
            let (cast, manager) = (setting.cast, setting.manager)
            let fixed = try await releases.fixedTicket(desk, setting, version: "9.2.15", subject: "Pool crashes on restart")
            let other = try await desk.fileTicket(as: cast.bob, subject: "Pool crashes too")
            let issue = try await Self.fromTicket(desk, fixed, as: cast.developer, KnownIssueInput(impact: "Pools stay down.", published: true))
            let unrelated = try await Self.fromTicket(desk, other, as: cast.developer, KnownIssueInput(impact: "Unrelated.", published: true))
            _ = try await desk.request(.POST, "/api/v1/known-issues/\(issue.number)/tickets", as: cast.developer, json: ["ticket": other])
            let id = try await releases.announce(desk, "9.2.15", as: cast.developer)
            for stage in ["in-verification", "in-staged-rollout"] {
                #expect(try await releases.move(desk, id, to: stage, as: manager).status == .ok)
            }
            #expect(try await desk.request(.GET, "/api/v1/known-issues/\(issue.number)").content.decode(KnownIssueJSON.self).state == "open")
            #expect(try await releases.move(desk, id, to: "in-production", as: manager).status == .ok)
            let resolved = try await desk.request(.GET, "/api/v1/known-issues/\(issue.number)").content.decode(KnownIssueJSON.self)
            #expect(resolved.state == "resolved" && resolved.resolution?.hasPrefix("The fix reached production in dcache 9.2.15 (") == true,
                    "\(resolved.resolution ?? "")")
            #expect(try await desk.request(.GET, "/api/v1/known-issues/\(unrelated.number)").content.decode(KnownIssueJSON.self).state == "open",
                    "its ticket waits for no release")
            // Bob's ticket, linked to the issue, hears of it.
            #expect(try await desk.events(other, as: cast.bob).contains { $0.changes.first?.after == "KI-\(issue.number) resolved" })
        }
    }
}
