import Foundation

/// A package version label as RPM reads it: `[epoch:]version[-release]`, compared as rpm 4.18
/// compares labels (`rpmverCmp`): the epoch (missing is 0), then the version, then the release,
/// each with `rpmvercmp`; a label without a release sorts below the same version with any
/// release (`9.2.14` < `9.2.14-1`).
public struct RPMVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var epoch: String?
    public var version: String
    public var release: String?

    /// Splits a label as `rpmverParse` does: the release after the last `-`; an epoch only
    /// when the label starts with digits followed by `:` (an empty epoch is 0).
    public init(_ label: String) {
        var rest = Substring(label)
        if let dash = rest.lastIndex(of: "-") {
            release = String(rest[rest.index(after: dash)...])
            rest = rest[..<dash]
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if rest.dropFirst(digits.count).first == ":" {
            epoch = digits.isEmpty ? "0" : String(digits)
            rest = rest.dropFirst(digits.count + 1)
        }
        version = String(rest)
    }

    public var description: String {
        (epoch.map { "\($0):" } ?? "") + version + (release.map { "-\($0)" } ?? "")
    }

    /// -1, 0 or 1, as `rpm.vercmp` answers for the two labels.
    public static func compare(_ a: RPMVersion, _ b: RPMVersion) -> Int {
        let byEpoch = segmentCompare(a.epoch ?? "0", b.epoch ?? "0")
        if byEpoch != 0 { return byEpoch }
        let byVersion = segmentCompare(a.version, b.version)
        if byVersion != 0 { return byVersion }
        switch (a.release, b.release) {
        case let (left?, right?): return segmentCompare(left, right)
        case (.some, nil): return 1
        case (nil, .some): return -1
        case (nil, nil): return 0
        }
    }

    public static func compare(_ a: String, _ b: String) -> Int { compare(RPMVersion(a), RPMVersion(b)) }

    public static func < (lhs: RPMVersion, rhs: RPMVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: RPMVersion, rhs: RPMVersion) -> Bool { compare(lhs, rhs) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// `rpmvercmp`: the two strings as runs of ASCII digits and ASCII letters, anything else
    /// separating them. Digits compare as numbers (leading zeros dropped), letters by ASCII, a
    /// digit run is newer than a letter run; `~` sorts before everything, the end included;
    /// `^` sorts after the end but before any further run.
    public static func segmentCompare(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        let one = Array(a.utf8), two = Array(b.utf8)
        var i = 0, j = 0
        func isAlpha(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isSeparator(_ c: UInt8) -> Bool { !isAlpha(c) && !isDigit(c) && c != tilde && c != caret }
        while i < one.count || j < two.count {
            while i < one.count && isSeparator(one[i]) { i += 1 }
            while j < two.count && isSeparator(two[j]) { j += 1 }
            let first: UInt8? = i < one.count ? one[i] : nil
            let second: UInt8? = j < two.count ? two[j] : nil
            if first == tilde || second == tilde {
                if first != tilde { return 1 }
                if second != tilde { return -1 }
                i += 1; j += 1
                continue
            }
            if first == caret || second == caret {
                guard let first else { return -1 }
                guard let second else { return 1 }
                if first != caret { return 1 }
                if second != caret { return -1 }
                i += 1; j += 1
                continue
            }
            guard let first, second != nil else { break }
            let numeric = isDigit(first)
            let inRun = numeric ? isDigit : isAlpha
            var endOne = i, endTwo = j
            while endOne < one.count && inRun(one[endOne]) { endOne += 1 }
            while endTwo < two.count && inRun(two[endTwo]) { endTwo += 1 }
            // A run of the other kind on the second side is empty: numbers are newer than letters.
            if endTwo == j { return numeric ? 1 : -1 }
            var runOne = one[i..<endOne], runTwo = two[j..<endTwo]
            if numeric {
                runOne = runOne.drop { $0 == 48 }
                runTwo = runTwo.drop { $0 == 48 }
                if runOne.count != runTwo.count { return runOne.count > runTwo.count ? 1 : -1 }
            }
            if runOne != runTwo { return runOne.lexicographicallyPrecedes(runTwo) ? -1 : 1 }
            i = endOne; j = endTwo
        }
        if i >= one.count && j >= two.count { return 0 }
        return i >= one.count ? -1 : 1
    }

    private static let tilde = UInt8(ascii: "~")
    private static let caret = UInt8(ascii: "^")

    /// Whether a label uses only the characters a version line may hold: letters, digits and
    /// `._+~^:-`.
    public static func isWellFormed(_ label: String) -> Bool {
        !label.isEmpty && label.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._+~^:-".unicodeScalars.contains($0)) }
    }
}

/// `switchboard versions sort`: version lines oldest first, and the lines that are not versions.
public enum VersionLines {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Sorts the well-formed lines (stable: equal versions keep their order); every empty line
    /// and every line with a character outside letters, digits and `._+~^:-` is a problem.
    public static func sort(_ lines: [String]) -> (sorted: [String], problems: [Problem]) {
        var versions: [String] = []
        var problems: [Problem] = []
        for (index, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.isEmpty {
                problems.append(Problem(line: index + 1, reason: "an empty line is not a version"))
            } else if !RPMVersion.isWellFormed(line) {
                problems.append(Problem(line: index + 1, reason: "\"\(line.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "?" }.joined())\" has a character outside letters, digits and ._+~^:-"))
            } else {
                versions.append(line)
            }
        }
        let sorted = versions.enumerated().sorted { left, right in
            let order = RPMVersion.compare(left.element, right.element)
            return order != 0 ? order < 0 : left.offset < right.offset
        }.map(\.element)
        return (sorted, problems)
    }
}
