import Testing
@testable import SwitchboardCore

/// How history and mail say a field change: plain fields by name and value, the requirement's
/// and known issues' changes in words.
@Suite struct FieldChangePhraseTests {
    @Test func specialFieldsReadAsSentencesAndPlainOnesAsBefore() {
        #expect(FieldChange.sentence([FieldChange(field: "estimate", before: nil, after: "3 person-days")]) == "estimated the effort at 3 person-days")
        #expect(FieldChange.sentence([FieldChange(field: "estimate", before: "3 person-days", after: "8 person-days")])
            == "changed the effort estimate from 3 person-days to 8 person-days")
        #expect(FieldChange.sentence([FieldChange(field: "knownIssue", before: nil, after: "KI-4 Proxies expire")]) == "linked it to known issue KI-4 Proxies expire")
        #expect(FieldChange.sentence([FieldChange(field: "knownIssue", before: "KI-4 Proxies expire", after: nil)])
            == "unlinked it from known issue KI-4 Proxies expire")
        #expect(FieldChange.sentence([FieldChange(field: "knownIssueState", before: "KI-4 open", after: "KI-4 resolved")]) == "marked known issue KI-4 resolved")
        #expect(FieldChange.sentence([FieldChange(field: "subject", before: "a", after: "b"), FieldChange(field: "vo", before: "x", after: nil)])
            == "changed subject to “b”, vo to “nothing”")
        #expect(FieldChange.sentence([FieldChange(field: "requirementsQueue", before: nil, after: "#7 https://rt/7"), FieldChange(field: "vo", before: nil, after: "atlas")])
            == "opened it in the requirements queue as #7 https://rt/7; changed vo to “atlas”")
    }
}
