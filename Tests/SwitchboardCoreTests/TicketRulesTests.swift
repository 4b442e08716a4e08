import Testing
@testable import SwitchboardCore

@Suite struct TicketRulesTests {
    @Test func subjectIsRequiredSingleLineAndAtMost250Characters() {
        var errors = FieldErrors()
        #expect(TicketRules.validateSubject("  Jobs fail  ", into: &errors) == "Jobs fail")
        #expect(errors.isEmpty)
        _ = TicketRules.validateSubject("   ", into: &errors)
        _ = TicketRules.validateSubject(String(repeating: "x", count: 250), into: &errors)
        #expect(errors.messages["subject"]?.count == 1)
        _ = TicketRules.validateSubject(String(repeating: "é", count: 251), into: &errors)
        _ = TicketRules.validateSubject("two\nlines", into: &errors)
        #expect(errors.messages["subject"]?.count == 3)
    }

    @Test func textKeepsLineBreaksAsLF() {
        var errors = FieldErrors()
        let text = TicketRules.validateText("  line one\r\nline two\r\n\r\nnext paragraph \n", field: "body", required: true, maxLength: 100, into: &errors)
        #expect(text == "line one\nline two\n\nnext paragraph")
        #expect(TicketRules.validateText(" \r\n ", field: "body", required: true, maxLength: 100, into: &errors) == nil)
        #expect(errors.messages["body"] == ["Body is required."])
    }

    @Test func ccAddressesAreNormalisedAndChecked() {
        var errors = FieldErrors()
        let cc = TicketRules.validateCC([" Bob@Example.ORG", "bob@example.org", "carol@site.example.net"], into: &errors)
        #expect(cc == ["bob@example.org", "carol@site.example.net"])
        #expect(errors.isEmpty)
        _ = TicketRules.validateCC(["not-an-address", "a@b", "x y@z.org", "<a@b.org>"], into: &errors)
        #expect(errors.messages["cc"]?.count == 4)
    }

    @Test func plausibleAddressesHaveOneAtADottedDomainAndNoSpaceOrDelimiter() {
        for address in ["alice@example.org", "a.b+tag@sub.example.net", "jürgen@beispiel.de", "x@b.c"] {
            #expect(EmailAddress.isPlausible(address), "\(address)")
        }
        let refused = ["", "alice", "@example.org", "alice@", "alice@example", "alice@.example.org", "alice@example.org.", "alice@example..org",
                       "a@b@example.org", "alice smith@example.org", "alice\t@example.org", "alice\u{1}@example.org", "alice\u{7F}@example.org",
                       "<alice@example.org>", "alice,bob@example.org", "alice;@example.org", "\"alice\"@example.org",
                       "jürgen\u{00A0}@beispiel.de", "jürgen\u{2003}x@beispiel.de", String(repeating: "a", count: 250) + "@b.org"]
        for address in refused { #expect(!EmailAddress.isPlausible(address), "\(address)") }
    }

    @Test func prioritiesOrderBySeverity() {
        #expect(TicketPriority.allCases.sorted() == [.lessUrgent, .urgent, .veryUrgent, .topPriority])
        #expect(TicketPriority.topPriority.severity == 1 && TicketPriority.lessUrgent.severity == 4)
        #expect(TicketPriority(rank: 3) == .veryUrgent && TicketPriority(rank: 9) == nil)
        #expect(TicketPriority.allCases.filter(\.isHigh) == [.veryUrgent, .topPriority])
    }

    @Test func linkKindsInvertInPairs() {
        for kind in TicketLinkKind.allCases {
            #expect(kind.inverse.inverse == kind)
        }
        #expect(TicketLinkKind.masterOf.inverse == .slaveOf)
        #expect(TicketLinkKind.related.inverse == .related)
    }

    @Test func openAndTerminalStatusesPartitionTheStatuses() {
        #expect(Set(TicketStatus.openStatuses).isDisjoint(with: TicketStatus.terminalStatuses))
        #expect(TicketStatus.openStatuses.count + TicketStatus.terminalStatuses.count == TicketStatus.allCases.count)
        #expect(TicketStatus.terminalStatuses == [.solved, .unsolved, .verified, .closed])
    }

    @Test func eventsHideInternalEntriesFromReadersWithoutTheRight() {
        let note = TicketEventRecord(kind: .commentInternal, visibility: .internal)
        #expect(!note.isVisible(mayReadInternal: false))
        #expect(note.isVisible(mayReadInternal: true))
        #expect(TicketEventRecord(kind: .statusChanged).isVisible(mayReadInternal: false))
    }
}
