import Foundation

/// Every setting of an installation, read in one place (`fromEnvironment`), then handed to
/// `configure`. Tests build one directly.
public struct SwitchboardConfiguration: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        /// An embedded SQLite file (the default).
        case sqlite(path: String)
        /// SQLite in memory, for tests.
        case sqliteInMemory
        /// PostgreSQL, from a postgres:// URL; `schema` puts the tables in a schema of their
        /// own (tests use one schema each).
        case postgres(url: String, schema: String? = nil)
    }

    public var database: DatabaseChoice
    public var hostname: String
    public var port: Int
    /// Largest accepted attachment, in bytes.
    public var attachmentMaxBytes: Int
    /// bcrypt work factor for passwords.
    public var passwordCost: Int
    /// Name of the unit that receives tickets filed without a target.
    public var firstLineUnitName: String?

    public init(
        database: DatabaseChoice = .sqlite(path: "switchboard.sqlite"),
        hostname: String = "127.0.0.1",
        port: Int = 8080,
        attachmentMaxBytes: Int = 10 * 1024 * 1024,
        passwordCost: Int = 12,
        firstLineUnitName: String? = nil
    ) {
        self.database = database
        self.hostname = hostname
        self.port = port
        self.attachmentMaxBytes = attachmentMaxBytes
        self.passwordCost = passwordCost
        self.firstLineUnitName = firstLineUnitName
    }

    /// The environment variables, with their meaning; the README's configuration table
    /// and `switchboard --help` are written from the same list.
    public static let variables: [(name: String, meaning: String)] = [
        ("DATABASE_URL", "postgres://user:password@host:port/database selects PostgreSQL; unset means SQLite."),
        ("SWITCHBOARD_SQLITE_PATH", "SQLite database file when DATABASE_URL is unset (default ./switchboard.sqlite)."),
        ("SWITCHBOARD_HOST", "Address the HTTP server listens on (default 127.0.0.1)."),
        ("SWITCHBOARD_PORT", "Port the HTTP server listens on (default 8080)."),
        ("SWITCHBOARD_ATTACHMENT_MAX_BYTES", "Largest accepted attachment in bytes (default 10485760)."),
        ("SWITCHBOARD_PASSWORD_COST", "bcrypt cost for stored passwords, 4-31 (default 12)."),
        ("SWITCHBOARD_FIRST_LINE_UNIT", "Unit that receives tickets filed without a target (default: the first first-line unit by name)."),
        ("LOG_LEVEL", "trace, debug, info, notice, warning, error or critical (default info)."),
    ]

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the settings from environment variables; refuses values that make no sense.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        var configuration = Self()
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw Invalid(description: "DATABASE_URL must start with postgres:// (SQLite is used when it is unset).")
            }
            configuration.database = .postgres(url: url)
        } else if let path = environment["SWITCHBOARD_SQLITE_PATH"], !path.isEmpty {
            configuration.database = .sqlite(path: path)
        }
        if let host = environment["SWITCHBOARD_HOST"], !host.isEmpty { configuration.hostname = host }
        configuration.port = try integer(environment, "SWITCHBOARD_PORT", default: configuration.port, in: 1...65535)
        configuration.attachmentMaxBytes = try integer(
            environment, "SWITCHBOARD_ATTACHMENT_MAX_BYTES", default: configuration.attachmentMaxBytes, in: 1...(1 << 30))
        configuration.passwordCost = try integer(environment, "SWITCHBOARD_PASSWORD_COST", default: configuration.passwordCost, in: 4...31)
        if let unit = environment["SWITCHBOARD_FIRST_LINE_UNIT"], !unit.isEmpty { configuration.firstLineUnitName = unit }
        return configuration
    }

    private static func integer(_ environment: [String: String], _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = environment[name], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Invalid(description: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound); it is '\(text)'.")
        }
        return number
    }
}
