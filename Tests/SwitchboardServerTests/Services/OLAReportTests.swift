import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The OLA report: support response from our own tickets, targets marked, the narrative,
/// publication that freezes it, the exports and the pages.
@Suite struct OLAReportTests {
    typealias Browser = WebFlowTests.Browser

    struct Report: Codable {
        struct Month: Codable {
            struct Support: Codable {
                var tickets: Int
                var answered: Int
                var pending: Int
                var meanWorkingHours: Double?
                var meanCalendarHours: Double?
                var met: Bool?
            }

            var figures: ServicesAPITests.Row
            var availabilityMet: Bool
            var reliabilityMet: Bool
            var support: [String: Support]
            var supportSummary: String
        }

        var status: String
        var from: String
        var to: String
        var months: [Month]
        var publishedBy: String?
        var narrative: OLANarrativeJSON
    }

    struct OLANarrativeJSON: Codable {
        var effort: [OLANarrative.Effort]
        var totalPersonMonths: Double
        var overview: String
    }

    /// September 2026 (the test clock starts on Monday 21 September, 16:13 in Paris): one
    /// less-urgent ticket answered after two hours, 47 working minutes of them; one urgent
    /// ticket not answered yet; a very urgent one with only an internal note; a test ticket left out.
    static func tickets(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast, member: TestHelpdesk.Person) async throws {
        let answered = try await desk.fileTicket(as: cast.alice)
        let pending = try await desk.fileTicket(as: cast.alice, subject: "Portal down", extra: ["priority": "urgent"])
        let test = try await desk.fileTicket(as: cast.alice, subject: "test", extra: ["category": "test"])
        let noted = try await desk.fileTicket(as: cast.alice, subject: "Broadcast lost", extra: ["priority": "very-urgent"])
        for id in [answered, pending, test, noted] {
            let response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "Operations Portal"])
            #expect(response.status == .ok, "\(response.body.string)")
        }
        desk.time.advance(by: 2 * 3600)
        for id in [answered, test] {
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: member, json: ["body": "Looking into it."])
        }
        // An internal note is not a response to the submitter.
        try await desk.request(.POST, "/api/v1/tickets/\(noted)/comments", as: member, json: ["body": "Probably the cron job.", "visibility": "internal"])
    }

    @Test func supportResponseAvailabilityAndTargetsPerMonth() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (_, member) = try await ServicesAPITests.portal(desk, cast)
            try await Self.tickets(desk, cast, member: member)
            try await desk.request(.POST, "/api/v1/monitoring/results", as: member, json: ServicesAPITests.results([
                ("cclcgopsportal.in2p3.fr/egi.Portal", "OK", "2026-08-01T00:00:00Z"), ("cclcgopsportal.in2p3.fr/egi.Portal", "CRITICAL", "2026-08-10T00:00:00Z"),
                ("cclcgopsportal.in2p3.fr/egi.Portal", "OK", "2026-08-10T12:00:00Z"), ("cclcgopsportal02.in2p3.fr/egi.Portal", "OK", "2026-08-01T00:00:00Z"),
            ]))
            let response = try await desk.request(.GET, "/api/v1/services/Operations%20Portal/ola-report?from=2026-08&to=2026-09", as: cast.expert)
            #expect(response.status == .ok, "\(response.body.string)")
            let report = try response.content.decode(Report.self)
            #expect(report.status == "draft" && report.months.map(\.figures.month) == ["2026-08", "2026-09"])
            let august = report.months[0]
            #expect(august.figures.availability == Double(31 * 86_400 - 12 * 3600) / Double(31 * 86_400) * 100)
            #expect(!august.availabilityMet && !august.reliabilityMet, "98.39 % misses 99 %")
            #expect(august.support.isEmpty && august.supportSummary == "–")
            let september = report.months[1]
            #expect(september.availabilityMet, "the last result (OK) holds: 100 % of the monitored time")
            let lessUrgent = try #require(september.support["less-urgent"])
            #expect(lessUrgent.tickets == 1 && lessUrgent.answered == 1 && lessUrgent.pending == 0)
            #expect(abs(lessUrgent.meanWorkingHours! - 2800.0 / 3600) < 1e-9, "16:13:20 to 17:00 Paris")
            #expect(abs(lessUrgent.meanCalendarHours! - 2) < 1e-9)
            #expect(lessUrgent.met == true)
            let urgent = try #require(september.support["urgent"])
            #expect(urgent.tickets == 1 && urgent.pending == 1 && urgent.meanWorkingHours == nil && urgent.met == nil)
            #expect(september.supportSummary == "lu:0.78")
            let noted = try #require(september.support["very-urgent"])
            #expect(noted.tickets == 1 && noted.pending == 1, "an internal note is no reaction")
            #expect(september.support["top-priority"] == nil, "no tickets of that priority")

            let markdown = try await desk.request(.GET, "/api/v1/services/Operations%20Portal/ola-report?from=2026-08&to=2026-09", as: cast.expert,
                                                  headers: ["Accept": "text/markdown"]).body.string
            #expect(markdown.contains("## 3 Performance against service targets"))
            #expect(markdown.contains("| Availability (%) | 99 | **98.39** ✗ | 100.00 |"), "\(markdown)")
            #expect(markdown.contains("| Support response (working hours) | lu:8 u:4 | – | lu:0.78 |"))
            let csv = try await desk.request(.GET, "/api/v1/services/Operations%20Portal/ola-report?from=2026-08&to=2026-09", as: cast.expert,
                                             headers: ["Accept": "text/csv"]).body.string
            #expect(csv.hasPrefix("parameter,target,2026-08,2026-09\r\n") || csv.hasPrefix("parameter,target,2026-08,2026-09\n"), "\(csv)")
            #expect(csv.contains("availability,99.0,98.38709677419355,100.0"), "\(csv)")
            #expect(try await desk.request(.GET, "/api/v1/services/Operations%20Portal/ola-report", as: cast.alice).status == .forbidden)
        }
    }

    @Test func aPublishedReportIsFrozen() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (_, member) = try await ServicesAPITests.portal(desk, cast)
            let host = "cclcgopsportal.in2p3.fr/egi.Portal"
            try await desk.request(.POST, "/api/v1/monitoring/results", as: member, json: ServicesAPITests.results([
                (host, "OK", "2026-08-01T00:00:00Z"), ("cclcgopsportal02.in2p3.fr/egi.Portal", "OK", "2026-08-01T00:00:00Z"),
            ]))
            let path = "/api/v1/services/Operations%20Portal/ola-report?from=2026-08&to=2026-08"
            let narrative = OLANarrative(effort: [.init(person: "Claire Martin", personMonths: 4), .init(person: "Paul Durand", personMonths: 2)],
                                         overview: "No problems.")
            #expect(try await desk.request(.PUT, path, as: cast.expert, json: narrative).status == .forbidden, "not the provider unit")
            let bad = try await desk.request(.PUT, path, as: member, json: OLANarrative(effort: [.init(person: "", personMonths: -1)]))
            #expect(bad.status == .unprocessableEntity)
            let saved = try await desk.request(.PUT, path, as: member, json: narrative)
            #expect(saved.status == .ok, "\(saved.body.string)")
            #expect(try saved.content.decode(Report.self).narrative.totalPersonMonths == 6)
            // September has not ended: its report cannot be published yet.
            let early = try await desk.request(.POST, "/api/v1/services/Operations%20Portal/ola-report/publish?from=2026-09&to=2026-09", as: member)
            #expect(early.status == .conflict)
            let published = try await desk.request(.POST, "/api/v1/services/Operations%20Portal/ola-report/publish?from=2026-08&to=2026-08", as: member)
            #expect(published.status == .ok, "\(published.body.string)")
            let frozen = try published.content.decode(Report.self)
            #expect(frozen.status == "published" && frozen.publishedBy == "Paul Portal" && frozen.months[0].figures.availability == 100)
            // A late correction changes the availability, not the published report.
            try await desk.request(.POST, "/api/v1/monitoring/results", as: member, json: ServicesAPITests.results([
                (host, "CRITICAL", "2026-08-20T00:00:00Z"), (host, "OK", "2026-08-21T00:00:00Z"),
            ]))
            #expect(try await ServicesAPITests.rows(desk, cast.expert, "from=2026-08&to=2026-08")[0].availability! < 100)
            let later = try await desk.request(.GET, path, as: cast.expert)
            #expect(try later.content.decode(Report.self).months[0].figures.availability == 100)
            let markdown = try await desk.request(.GET, path, as: cast.expert, headers: ["Accept": "text/markdown"]).body.string
            #expect(markdown.contains("later monitoring corrections do not change them"))
            #expect(try await desk.request(.PUT, path, as: member, json: narrative).status == .conflict)
            #expect(try await desk.request(.POST, "/api/v1/services/Operations%20Portal/ola-report/publish?from=2026-08&to=2026-08", as: member).status == .conflict)
        }
    }

    @Test func thePagesShowTheReportItsPrintViewAndItsFiles() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (_, member) = try await ServicesAPITests.portal(desk, cast)
            try await desk.request(.POST, "/api/v1/monitoring/results", as: member, json: ServicesAPITests.results([
                ("cclcgopsportal.in2p3.fr/egi.Portal", "OK", "2026-08-01T00:00:00Z"), ("cclcgopsportal.in2p3.fr/egi.Portal", "CRITICAL", "2026-08-10T00:00:00Z"),
                ("cclcgopsportal.in2p3.fr/egi.Portal", "OK", "2026-08-10T12:00:00Z"), ("cclcgopsportal02.in2p3.fr/egi.Portal", "OK", "2026-08-01T00:00:00Z"),
            ]))
            let service = try #require(try await ServiceModel.query(on: desk.db).first()).id!
            var portal = Browser(desk: desk)
            try await portal.signIn(member.email)
            let list = try await portal.get("/services").body.string
            #expect(list.contains("href=\"/services/\(service.uuidString)\""))
            let page = try await portal.get("/services/\(service.uuidString)").body.string
            #expect(page.contains("Enter a downtime") && page.contains("cclcgopsportal.in2p3.fr/egi.Portal"))
            #expect(ReportsWebTests.svgs(in: page).allSatisfy(ReportsWebTests.isWellFormed))

            let report = try await portal.get("/services/\(service.uuidString)/ola-report?from=2026-07&to=2026-08")
            #expect(report.status == .ok)
            let html = report.body.string
            #expect(html.contains("1 Effort") && html.contains("3 Performance against service targets") && html.contains("6 Foreseen activities"))
            #expect(html.contains("<span class=\"missed\" title=\"Misses the target\">98.39</span>"), "August is marked")
            #expect(html.contains("class=\"number undefined\">n/a</td>"), "July has no monitored time")
            #expect(html.contains("Save draft") && html.contains("Publish the report"))
            let charts = ReportsWebTests.svgs(in: html)
            #expect(charts.count == 1 && ReportsWebTests.isWellFormed(charts[0]) && charts[0].contains("Target 99 %"))

            let token = Browser.csrf(in: html)!
            // The narrative form: a bad effort line is shown back with its reason.
            let refused = try await portal.post("/services/\(service.uuidString)/ola-report?from=2026-07&to=2026-08",
                                                form: ["_csrf": token, "effort": "Claire Martin four", "overview": "Quiet."])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Line 1 is not"))
            let saved = try await portal.post("/services/\(service.uuidString)/ola-report?from=2026-07&to=2026-08",
                                              form: ["_csrf": token, "effort": "Claire Martin: 4\nPaul Durand: 2 PM", "overview": "Quiet <b>months</b>."])
            #expect(saved.status == .ok && saved.body.string.contains("The global effort is 6 PM"))
            #expect(saved.body.string.contains("Quiet &lt;b&gt;months&lt;/b&gt;."))

            let print = try await portal.get("/services/\(service.uuidString)/ola-report/print?from=2026-07&to=2026-08").body.string
            #expect(print.contains("class=\"print-view\"") && !print.contains("site-header") && !print.contains("<form"))
            let markdown = try await portal.get("/services/\(service.uuidString)/ola-report/files/report.md?from=2026-07&to=2026-08")
            #expect(markdown.headers.contentType?.description.hasPrefix("text/markdown") == true && markdown.body.string.contains("Quiet &lt;b&gt;"))
            let json = try await portal.get("/services/\(service.uuidString)/ola-report/files/report.json?from=2026-07&to=2026-08")
            #expect(json.body.string.contains("\"totalPersonMonths\":6"))
            let csv = try await portal.get("/services/\(service.uuidString)/ola-report/files/table.csv?from=2026-07&to=2026-08")
            #expect(csv.body.string.hasPrefix("parameter,target,2026-07,2026-08"))
            let svg = try await portal.get("/services/\(service.uuidString)/ola-report/files/chart.svg?from=2026-07&to=2026-08")
            #expect(ReportsWebTests.isWellFormed(svg.body.string))
            #expect(try await portal.get("/services/\(service.uuidString)/ola-report/files/other.txt").status == .notFound)

            // A downtime entered on the service's page, shown in the provider's zone.
            let entered = try await portal.post("/services/\(service.uuidString)/downtimes", form: [
                "_csrf": token, "classification": "SCHEDULED", "severity": "OUTAGE", "start": "2026-08-20T08:00:00Z", "end": "2026-08-20T10:00:00Z",
                "endpoints": "cclcgopsportal.in2p3.fr/egi.Portal", "description": "Upgrade",
            ])
            #expect(entered.status == .ok && entered.body.string.contains("The downtime was entered."), "\(entered.body.string)")
            #expect(entered.body.string.contains("20 Aug 2026, 10:00 Europe/Paris"))
            let clash = try await portal.post("/services/\(service.uuidString)/downtimes", form: [
                "_csrf": token, "classification": "SCHEDULED", "start": "2026-08-20T09:00:00Z", "end": "2026-08-20T11:00:00Z",
                "endpoints": "cclcgopsportal.in2p3.fr/egi.Portal", "description": "Again",
            ])
            #expect(clash.status == .unprocessableEntity && clash.body.string.contains("do not overlap"))

            // Publishing from the page; afterwards no forms.
            let published = try await portal.post("/services/\(service.uuidString)/ola-report/publish?from=2026-07&to=2026-08", form: ["_csrf": token])
            #expect(published.status == .ok && published.body.string.contains("The report is published."))
            #expect(!published.body.string.contains("Save draft"))

            var alice = Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(try await alice.get("/services").status == .forbidden)
        }
    }

    @Test func administratorsKeepServicesFromTheForm() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let unit = try await desk.unit("GGUS", .thirdLine)
            var admin = Browser(desk: desk)
            try await admin.signIn(cast.admin.email)
            let form = try await admin.get("/admin/services/new")
            #expect(form.status == .ok)
            let token = Browser.csrf(in: form.body.string)!
            let refused = try await admin.post("/admin/services/new", form: [
                "_csrf": token,
                "name": "GGUS", "providerUnit": unit.uuidString, "availabilityTarget": "ninety", "endpoints": "ggus.eu/egi.GGUS",
            ])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("A target is a percentage"))
            let created = try await admin.post("/admin/services/new", form: [
                "_csrf": token,
                "name": "GGUS", "providerUnit": unit.uuidString, "rule": "any-per-group", "availabilityTarget": "99", "reliabilityTarget": "99",
                "target-urgent": "4h", "endpoints": "ggus.eu/egi.GGUS\nggus2.eu/egi.GGUS web",
            ])
            #expect(created.status == .seeOther || created.status == .found, "\(created.body.string)")
            let service = try #require(try await ServiceModel.query(on: desk.db).with(\.$endpoints).with(\.$responseTargets).first())
            #expect(service.endpoints.map(\.reference).sorted() == ["ggus.eu/egi.GGUS", "ggus2.eu/egi.GGUS"])
            #expect(service.endpoints.first { $0.hostname == "ggus2.eu" }?.groupName == "web")
            #expect(service.responseTargets.map(\.target) == ["4h"])
            let edit = try await admin.get("/admin/services/\(service.id!.uuidString)/edit").body.string
            #expect(edit.contains("ggus2.eu/egi.GGUS web"))
            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            #expect(try await expert.get("/admin/services/new").status == .forbidden)
        }
    }
}
