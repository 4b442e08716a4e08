import Foundation

/// The settings file that every subcommand reads, so that `serve`, the mail gate run by the MTA
/// and the commands an operator types all agree: `KEY=VALUE` lines as systemd's
/// `EnvironmentFile=` reads them (`#` comments, blank lines, optional `export `, values in
/// single or double quotes). The file is `SWITCHBOARD_CONFIG_FILE`, else
/// `/etc/switchboard/switchboard.env` when it exists. A variable set in the process's own
/// environment wins over the file (for one-off commands and tests).
public enum ConfigurationFile {
    public static let defaultPath = "/etc/switchboard/switchboard.env"

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Entry: Equatable, Sendable {
        public var line: Int
        public var key: String
        public var value: String
    }

    /// The file to read, if any.
    public static func path(environment: [String: String]) -> String? {
        if let chosen = environment["SWITCHBOARD_CONFIG_FILE"], !chosen.isEmpty { return chosen }
        return FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil
    }

    /// The file's entries; a line that is not a setting is an error naming the line.
    public static func parse(_ text: String) throws -> [Entry] {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw Problem(description: "line \(index + 1): expected NAME=value, found '\(line.prefix(80))'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !(key.first?.isNumber ?? true) else {
                throw Problem(description: "line \(index + 1): '\(key.prefix(80))' is not a variable name")
            }
            entries.append(Entry(line: index + 1, key: key, value: try unquote(String(line[line.index(after: equals)...]), line: index + 1)))
        }
        return entries
    }

    private static func unquote(_ raw: String, line: Int) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard let first = value.first, first == "\"" || first == "'" else { return value }
        guard value.count >= 2, value.last == first else { throw Problem(description: "line \(line): the quote is not closed") }
        let inner = value.dropFirst().dropLast()
        guard first == "\"" else { return String(inner) }
        var result = ""
        var escaped = false
        for character in inner {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The file's settings, read from disk.
    public static func read(_ path: String) throws -> [Entry] {
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            let reason = FileManager.default.fileExists(atPath: path) ? "this user may not read it" : "it does not exist"
            throw Problem(description: "\(path) cannot be read: \(reason)")
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            return try parse(text)
        } catch let problem as Problem {
            throw Problem(description: "\(path), \(problem.description)")
        }
    }

    /// Puts the file's settings into the process environment, where the process does not set
    /// them itself, before anything reads it (the logging system reads LOG_LEVEL there).
    /// Returns the variables it took from the file.
    @discardableResult
    public static func apply(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Set<String> {
        guard let path = path(environment: environment) else { return [] }
        var taken: Set<String> = []
        for entry in try read(path) where environment[entry.key] == nil {
            setenv(entry.key, entry.value, 1)
            taken.insert(entry.key)
        }
        return taken
    }
}
