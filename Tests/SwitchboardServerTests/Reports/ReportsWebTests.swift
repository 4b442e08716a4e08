import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The reports page through the real routes: the table with each figure linking to its
/// tickets, both figures as well-formed SVG, the downloads, and who may see it.
@Suite struct ReportsWebTests {
    typealias Browser = WebFlowTests.Browser

    /// Well-formed XML, checked by Foundation's parser.
    static func isWellFormed(_ xml: String) -> Bool {
        XMLParser(data: Data(xml.utf8)).parse()
    }

    static func svgs(in page: String) -> [String] {
        page.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    }

    @Test func thePageShowsTheTableAndBothFiguresAndEachFigureLinksToItsTickets() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ids = try await QuarterlyReportTests().history(desk, cast)
            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            let page = try await expert.get("/reports?unit=DMSU&from=2026-09-01&to=2026-12-01&split=month").body.string
            #expect(page.contains("Table 1: DMSU, 2026-09-01 to 2026-12-01 (UTC)"))
            #expect(page.contains("<th scope=\"col\" class=\"number\">2026-09</th>"))
            let charts = Self.svgs(in: page)
            #expect(charts.count == 2)
            #expect(charts.allSatisfy(Self.isWellFormed))
            #expect(charts[0].components(separatedBy: "class=\"bar\"").count - 1 == 1, "one month with tickets: one bar")
            #expect(charts[1].contains("Assigned to third line") && charts[1].contains("2026-W39"))
            // The "assigned" figure of September links to exactly the three tickets behind it.
            let link = try #require(page.components(separatedBy: "<tr data-row=\"assigned\">")[1]
                .components(separatedBy: "href=\"")[1].components(separatedBy: "\"")[0])
            let list = try await expert.get(link.replacingOccurrences(of: "&amp;", with: "&")).body.string
            #expect(list.contains("Tickets assigned to DMSU") && list.contains("3 tickets"))
            for id in ids.prefix(3) { #expect(list.contains("href=\"/tickets/\(id)\"")) }
            #expect(!list.contains("href=\"/tickets/\(ids[3])\""), "the test ticket is not behind any figure")

            let csv = try await expert.get("/reports/table.csv?unit=DMSU&from=2026-09-01&to=2026-12-01&split=month")
            #expect(csv.headers.contentType?.subType == "csv" && csv.body.string.hasPrefix("label,from,to,assigned"))
            let svg = try await expert.get("/reports/figures/figure-2.svg?unit=DMSU&from=2026-09-01&to=2026-12-01")
            #expect(svg.headers.contentType?.description.hasPrefix("image/svg+xml") == true && Self.isWellFormed(svg.body.string))
            #expect(try await expert.get("/reports/figures/figure-9.svg").status == .notFound)

            // A bad question shows the page with the reason, not an error.
            let bad = try await expert.get("/reports?zone=Atlantis/Nowhere")
            #expect(bad.status == .ok && bad.body.string.contains("is not a known time zone"))

            var alice = Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(try await alice.get("/reports").status == .forbidden)
            #expect(!(try await alice.get("/tickets").body.string.contains("href=\"/reports\"")))
        }
    }

    @Test func chartsEscapeTheirTextAndTickRoundly() {
        let chart = SVGChart(kind: .lines, id: "x", title: "A <b>&\"title\"", yLabel: "Tickets", categories: ["w<1>", "w2"],
                             series: [ChartSeries(name: "S&P", values: [3, nil]), ChartSeries(name: "T", values: [0, 7])])
        #expect(Self.isWellFormed(chart.svg))
        #expect(chart.svg.contains("A &lt;b&gt;&amp;&quot;title&quot;") && chart.svg.contains("S&amp;P"))
        #expect(SVGChart.ticks(upTo: 7) == [0, 2, 4, 6, 8])
        #expect(SVGChart.ticks(upTo: 179) == [0, 50, 100, 150, 200])
        #expect(SVGChart.ticks(upTo: 0) == [0, 1])
        #expect(SVGChart.ticks(upTo: 3) == [0, 1, 2, 3])
    }
}
