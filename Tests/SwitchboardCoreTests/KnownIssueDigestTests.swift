import Foundation
import Testing
@testable import SwitchboardCore

/// The operations meeting's digest: each issue in one section by what happened since the date,
/// and the two text renderings.
@Suite struct KnownIssueDigestTests {
    static let since = ISO8601DateFormatter().date(from: "2026-11-16T00:00:00Z")!
    static func day(_ offset: Double) -> Date { since.addingTimeInterval(offset * 86_400) }

    func issue(_ number: Int, created: Double, updated: Double, resolved: Double? = nil) -> KnownIssueSummary {
        KnownIssueSummary(number: number, title: "Issue \(number)", symptoms: "s", impact: "i", state: resolved == nil ? .open : .resolved,
                          createdAt: Self.day(created), updatedAt: Self.day(updated), resolvedAt: resolved.map(Self.day))
    }

    @Test func eachIssueFallsInOneSectionAndTheDateCounts() {
        let since = Self.since
        #expect(KnownIssueDigest.section(of: issue(1, created: 0, updated: 0), since: since) == .opened, "opened at the instant itself")
        #expect(KnownIssueDigest.section(of: issue(2, created: -10, updated: 2), since: since) == .changed)
        #expect(KnownIssueDigest.section(of: issue(3, created: -10, updated: 3, resolved: 3), since: since) == .resolved)
        #expect(KnownIssueDigest.section(of: issue(4, created: 1, updated: 3, resolved: 3), since: since) == .resolved,
                "opened and resolved since then: resolved")
        #expect(KnownIssueDigest.section(of: issue(5, created: -10, updated: -1), since: since) == nil)
        #expect(KnownIssueDigest.section(of: issue(6, created: -10, updated: -1, resolved: -1), since: since) == nil, "resolved before")
        let sections = KnownIssueDigest.sections((1...6).reversed().map { n in
            [issue(1, created: 0, updated: 0), issue(2, created: -10, updated: 2), issue(3, created: -10, updated: 3, resolved: 3),
             issue(4, created: 1, updated: 3, resolved: 3), issue(5, created: -10, updated: -1), issue(6, created: -10, updated: -1, resolved: -1)][n - 1]
        }, since: since)
        #expect(sections.map(\.section) == [.opened, .changed, .resolved])
        #expect(sections.map { $0.issues.map(\.number) } == [[1], [2], [3, 4]])
    }

    @Test func markdownKeepsTypedTextAsTypedAndPlainTextIndents() {
        let dcache = KnownIssueSummary(
            number: 12, title: "dCache 2.6 *drops* SRM [transfers]", symptoms: "srmcp times out\nafter 300 s", impact: "Sites with 2.6.1",
            workaround: nil, components: ["dCache"], versions: ["2.6.0", "2.6.1"], state: .resolved,
            createdAt: Self.day(-20), updatedAt: Self.day(2), resolvedAt: Self.day(2), resolution: "fixed in dCache 2.6.3", tickets: [41, 57])
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let markdown = KnownIssueDigest.markdown([dcache], since: Self.since, zone: zone, title: "Operations meeting")
        #expect(markdown == """
            # Operations meeting

            Known issues opened, changed or resolved since 2026-11-16.

            ## Resolved known issues

            ### KI-12: dCache 2.6 \\*drops\\* SRM \\[transfers\\]

            - **State:** resolved
            - **Symptoms:** srmcp times out after 300 s
            - **Impact:** Sites with 2.6.1
            - **Workaround:** none known
            - **Components:** dCache
            - **Versions:** 2.6.0, 2.6.1
            - **Tickets:** \\#41, \\#57
            - **Resolved:** 2026-11-18: fixed in dCache 2.6.3

            """)
        let text = KnownIssueDigest.plainText([dcache], since: Self.since, zone: zone, title: "Operations meeting")
        #expect(text.contains("RESOLVED KNOWN ISSUES\n\nKI-12: dCache 2.6 *drops* SRM [transfers]\n  State: resolved\n  Symptoms: srmcp times out\n    after 300 s\n"))
        #expect(KnownIssueDigest.plainText([], since: Self.since, zone: zone, title: "T").contains("Nothing changed."))
        #expect(KnownIssueDigest.markdown([], since: Self.since, zone: zone, title: "T").hasSuffix("Nothing changed.\n"))
    }
}
