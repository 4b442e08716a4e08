import Foundation
import Testing
@testable import SwitchboardCore

@Suite struct SearchTextTests {
    typealias Term = SearchText.Term

    @Test func wordsArePrefixesAndQuotesArePhrases() {
        #expect(SearchText("Auth failure").terms == [Term(words: ["auth"], prefix: true), Term(words: ["failure"], prefix: true)])
        #expect(SearchText(#"cream "proxy expired" now"#).terms == [
            Term(words: ["cream"], prefix: true), Term(words: ["proxy", "expired"], prefix: false), Term(words: ["now"], prefix: true)])
        #expect(SearchText("glite-ce-job-submit").terms == [Term(words: ["glite", "ce", "job", "submit"], prefix: true)])
        #expect(SearchText(#""unterminated phrase"#).terms == [Term(words: ["unterminated", "phrase"], prefix: false)])
        #expect(SearchText("Café Ünïcode").terms.map(\.words) == [["café"], ["ünïcode"]])
    }

    @Test func nothingToSearchForIsNoTerm() {
        for text in ["", "   ", "\"\"", "*** -- !!", "\" \""] { #expect(SearchText(text).isEmpty, "\(text)") }
    }

    @Test func termsAndPhrasesAreBounded() {
        let many = SearchText((1...30).map { "w\($0)" }.joined(separator: " "))
        #expect(many.terms.count == SearchText.maximumTerms && many.terms.last?.words == ["w10"])
        let long = SearchText("\"" + (1...30).map { "w\($0)" }.joined(separator: " ") + "\"")
        #expect(long.terms.first?.words.count == SearchText.maximumWordsPerTerm)
    }

    @Test func termsBecomeQueriesWithoutOperators() {
        // Words that are operators in the query languages stay words.
        let text = SearchText(#"NOT near OR "and or" x"#)
        #expect(text.terms.map(\.fts5Query) == [#""not" *"#, #""near" *"#, #""or" *"#, #""and or""#, #""x" *"#])
        #expect(text.terms.map(\.tsQuery) == ["'not':*", "'near':*", "'or':*", "'and' <-> 'or'", "'x':*"])
        #expect(SearchText("it's o'brien").terms.map(\.tsQuery) == ["'it' <-> 's':*", "'o' <-> 'brien':*"])
    }
}
