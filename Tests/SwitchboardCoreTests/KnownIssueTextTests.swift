import Foundation
import Testing
@testable import SwitchboardCore

/// What a known issue says, checked before anything is stored.
@Suite struct KnownIssueTextTests {
    @Test func textIsTrimmedAndListsAreCleanedUp() throws {
        let text = try KnownIssueText.validate(
            title: "  CREAM refuses proxies ", symptoms: "Jobs fail.\r\nAlways.", impact: "Sites", workaround: "  ",
            components: [" cream ", "", "cream", "dcache"], versions: ["1.16.4"])
        #expect(text.title == "CREAM refuses proxies" && text.symptoms == "Jobs fail.\nAlways.")
        #expect(text.workaround == nil, "a blank workaround is none")
        #expect(text.components == ["cream", "dcache"], "trimmed, empty and repeated entries dropped")
        #expect(KnownIssueText.stored(text.components) == "cream,dcache")
        #expect(KnownIssueText.list("cream, dcache,,") == ["cream", "dcache"])
        #expect(KnownIssueText.entries(typed: "cream, dcache\nstorm") == ["cream", " dcache", "storm"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        do {
            _ = try KnownIssueText.validate(title: "two\nlines", symptoms: nil, impact: " ", workaround: String(repeating: "w", count: 10_001),
                                            components: ["a,b", String(repeating: "c", count: 121)], versions: (0...30).map { "1.\($0)" })
            Issue.record("accepted")
        } catch {
            #expect(Set(error.messages.keys) == ["title", "symptoms", "impact", "workaround", "components", "versions"], "\(error.messages)")
            #expect(error.messages["components"]?.count == 2)
        }
        #expect(throws: FieldErrors.self) {
            try KnownIssueText.validate(title: "T", symptoms: "S", impact: "I\u{0}", workaround: nil, components: nil, versions: nil)
        }
    }
}
