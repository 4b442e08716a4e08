import Foundation
import Testing
@testable import SwitchboardCore

/// The hand-written ISO 8601 reader and writer agree with Foundation's formatter on random
/// instants from 1900 to 2200, and refuse what is not an instant.
@Suite struct ISOInstantTests {
    @Test func agreesWithFoundationOnRandomInstants() {
        var random = ReportPropertyTests.Generator(state: 8601)
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for _ in 0..<20_000 {
            let seconds = Double(Int.random(in: -2_208_988_800...7_258_118_400, using: &random))
            let instant = Date(timeIntervalSince1970: seconds)
            let text = ISOInstant.format(instant)
            #expect(text == plain.string(from: instant))
            #expect(ISOInstant.parse(text) == instant)
            let withMilliseconds = Date(timeIntervalSince1970: seconds + Double(Int.random(in: 0..<1000, using: &random)) / 1000)
            let precise = ISOInstant.format(withMilliseconds, milliseconds: true)
            #expect(precise == fractional.string(from: withMilliseconds), "\(precise)")
            #expect(abs(ISOInstant.parse(precise)!.timeIntervalSince(withMilliseconds)) < 0.0005)
        }
    }

    @Test func readsOffsetsAndRefusesWhatIsNotAnInstant() {
        let utc = ISOInstant.parse("2012-05-03T09:12:44Z")!
        #expect(ISOInstant.parse("2012-05-03T11:12:44+02:00") == utc)
        #expect(ISOInstant.parse("2012-05-03T11:12:44+0200") == utc)
        #expect(ISOInstant.parse("2012-05-03T04:12:44-05:00") == utc)
        #expect(ISOInstant.parse("2012-05-03T09:12:44.5Z") == utc.addingTimeInterval(0.5))
        #expect(ISOInstant.parse("2012-02-29T00:00:00Z") != nil)
        for bad in ["2013-02-29T00:00:00Z", "2012-13-01T00:00:00Z", "2012-05-03T24:00:00Z", "2012-05-03T09:60:00Z", "2012-05-03 09:12:44Z",
                    "2012-05-03T09:12:44", "2012-05-03T09:12:44Zjunk", "2012-05-03T09:12:44.Z", "2012-05-03T09:12:44+25:00", "3 May 2012",
                    "2012-05-03", "", "２０１２-05-03T09:12:44Z"] {
            #expect(ISOInstant.parse(bad) == nil, "\(bad)")
        }
    }
}

/// The hand-written JSON of an event's changes reads back as the changes, whatever the text.
@Suite struct FieldChangeJSONTests {
    @Test func readsBackThroughJSONDecoder() throws {
        var random = ReportPropertyTests.Generator(state: 8259)
        let alphabet = Array("aZ09 \"\\/\n\r\t\u{0}\u{1}\u{1F}\u{7F}é€😀\u{2028}") .map(String.init)
        for _ in 0..<2_000 {
            func text() -> String? {
                Int.random(in: 0..<5, using: &random) == 0 ? nil
                    : (0..<Int.random(in: 0..<12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            }
            let changes = (0..<Int.random(in: 0..<4, using: &random)).map { _ in
                FieldChange(field: text() ?? "status", before: text(), after: text())
            }
            let json = FieldChange.json(changes)
            #expect(try JSONDecoder().decode([FieldChange].self, from: Data(json.utf8)) == changes, "\(json)")
        }
        #expect(FieldChange.json([FieldChange(field: "status", before: nil, after: "new")]) == #"[{"field":"status","after":"new"}]"#)
    }

    /// A mail's headers are stored the same way: lists of strings.
    @Test func stringListsReadBackThroughJSONDecoder() throws {
        var random = ReportPropertyTests.Generator(state: 2822)
        let alphabet = Array("aZ09 <>@.\"\\/\n\r\t\u{0}\u{1F}\u{7F}é😀\u{2028}").map(String.init)
        for _ in 0..<2_000 {
            let lists = (0..<Int.random(in: 0..<4, using: &random)).map { _ in
                (0..<Int.random(in: 0..<3, using: &random)).map { _ in
                    (0..<Int.random(in: 0..<10, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
                }
            }
            let json = JSONText.stringLists(lists)
            #expect(try JSONDecoder().decode([[String]].self, from: Data(json.utf8)) == lists, "\(json)")
        }
        #expect(JSONText.stringLists([]) == "[]")
        #expect(JSONText.stringLists([["Message-ID", "<a@b>"], []]) == #"[["Message-ID","<a@b>"],[]]"#)
    }
}
