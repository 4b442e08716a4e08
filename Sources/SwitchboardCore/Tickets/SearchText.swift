import Foundation

/// What a person types into a ticket search, read the same way for both databases' full-text
/// indexes: every term must match somewhere in a ticket's subject, description or a comment the
/// reader may see. A bare word matches words that start with it (`auth` finds
/// "authorization"); `"double quotes"` match those words in that order, exactly. Words are
/// letters and digits; everything else separates them, so `glite-ce` is the phrase "glite ce".
public struct SearchText: Sendable, Equatable {
    public struct Term: Sendable, Equatable {
        /// Lower-cased words, in order; a phrase when there are several.
        public var words: [String]
        /// Whether the last word may be the start of a longer one.
        public var prefix: Bool

        public init(words: [String], prefix: Bool) {
            self.words = words
            self.prefix = prefix
        }
    }

    public static let maximumTerms = 10
    public static let maximumWordsPerTerm = 10

    public var terms: [Term]

    public init(terms: [Term]) {
        self.terms = terms
    }

    /// Reads the typed text; an unmatched `"` runs to the end. Terms beyond the tenth and
    /// words beyond the tenth of a phrase are dropped; text without letters or digits reads as
    /// no term at all (nothing to filter by).
    public init(_ text: String) {
        var terms: [Term] = []
        var parts: [(text: Substring, quoted: Bool)] = []
        var rest = Substring(text)
        while let quote = rest.firstIndex(of: "\"") {
            parts.append((rest[..<quote], false))
            let after = rest[rest.index(after: quote)...]
            let end = after.firstIndex(of: "\"") ?? after.endIndex
            parts.append((after[..<end], true))
            rest = end == after.endIndex ? after[end...] : after[after.index(after: end)...]
        }
        parts.append((rest, false))
        for part in parts {
            if part.quoted {
                let words = Self.words(part.text)
                if !words.isEmpty { terms.append(Term(words: Array(words.prefix(Self.maximumWordsPerTerm)), prefix: false)) }
            } else {
                for chunk in part.text.split(whereSeparator: { $0.isWhitespace }) {
                    let words = Self.words(chunk)
                    if !words.isEmpty { terms.append(Term(words: Array(words.prefix(Self.maximumWordsPerTerm)), prefix: true)) }
                }
            }
        }
        self.terms = Array(terms.prefix(Self.maximumTerms))
    }

    /// Letters and digits, lower-cased. Diacritics stay: SQLite's tokenizer folds them on both
    /// sides (`café` finds `cafe`), PostgreSQL's `simple` configuration on neither.
    static func words(_ text: Substring) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    public var isEmpty: Bool { terms.isEmpty }
}

extension SearchText.Term {
    /// The term as an SQLite FTS5 query: a quoted string (so no word is read as an operator),
    /// with `*` for a prefix.
    public var fts5Query: String {
        "\"" + words.joined(separator: " ") + "\"" + (prefix ? " *" : "")
    }

    /// The term as a PostgreSQL `tsquery` (configuration `simple`): words followed by one
    /// another (`<->`), the last one `:*` for a prefix. Words are letters and digits only, so
    /// quoting each is enough.
    public var tsQuery: String {
        words.enumerated().map { index, word in
            "'\(word)'" + (prefix && index == words.count - 1 ? ":*" : "")
        }.joined(separator: " <-> ")
    }
}
