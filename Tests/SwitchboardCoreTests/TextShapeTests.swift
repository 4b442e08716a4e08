import Foundation
import Testing
@testable import SwitchboardCore

@Suite struct TextShapeTests {
    /// Pieces chosen for the edges: every kind of whitespace Foundation trims (and U+200B, which
    /// it does not), CR and LF apart and together, combining marks, emoji, NUL.
    static let pieces = [" ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{3000}",
                         "\u{200B}", "a", "Z", "é", "e\u{301}", "日本", "👩‍👩‍👧", "\u{0}", "x y", "\r\r\n\n"]

    static func generated(_ generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test func answersAsFoundationDoesOnGeneratedText() {
        var generator = SeededGenerator(seed: 16)
        for _ in 0..<5_000 {
            let text = Self.generated(&generator)
            #expect(TextShape.trimmed(text) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(TextShape.withLineFeeds(text) == text.replacingOccurrences(of: "\r\n", with: "\n"), "\(text.debugDescription)")
            for limit in 0...10 {
                #expect(TextShape.isLonger(text, than: limit) == (text.count > limit), "\(text.debugDescription) \(limit)")
            }
        }
    }

    @Test func textWithNothingToDoComesBackAsItWas() {
        let description = String(repeating: "Jobs fail at the site. ", count: 50)
        #expect(TextShape.trimmed(" \(description)\n") == description.trimmingCharacters(in: .whitespaces))
        #expect(TextShape.withLineFeeds("one\r\ntwo\rthree\n") == "one\ntwo\rthree\n")
        #expect(TextShape.isLonger("ééé", than: 3) == false)
        #expect(TextShape.isLonger("e\u{301}e\u{301}", than: 2) == false)
        #expect(TextShape.isLonger("abcd", than: 3))
    }
}
