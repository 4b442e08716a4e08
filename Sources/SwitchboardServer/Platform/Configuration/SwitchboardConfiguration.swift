import Foundation
import SwitchboardCore

/// Every setting of an installation, read in one place (`fromEnvironment`), then handed to
/// `configure`. Tests build one directly.
/// Where notifications go.
public enum MailTransportChoice: Sendable, Equatable {
    /// Nowhere yet: they wait in the outbox (the default until a relay is configured).
    case none
    case smtp(SMTPSettings)
    /// Each message as an .eml file in a directory, for development.
    case file(directory: String)
}

/// An SMTP relay and how to talk to it.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        /// Plain connection, then STARTTLS before anything else (the default, port 587).
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: only for a relay on the same machine or in tests.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// Check the server's certificate (turn off only for a test relay with a self-signed one).
    public var verifyCertificate: Bool
    /// Extra trusted certificates (PEM), e.g. a private CA.
    public var caFile: String?
    /// The name this client gives in EHLO.
    public var heloName: String
    /// The name the relay's certificate must carry, when the host is given as an address or
    /// as `localhost` (default: the host itself, or no name check for an address).
    public var tlsServerName: String?

    public init(host: String, port: Int = 587, security: Security = .startTLS, username: String? = nil, password: String? = nil,
                verifyCertificate: Bool = true, caFile: String? = nil, heloName: String = "localhost", tlsServerName: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.verifyCertificate = verifyCertificate
        self.caFile = caFile
        self.heloName = heloName
        self.tlsServerName = tlsServerName
    }
}

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
    /// The numbers of the automated processes.
    public var automation: AutomationRules = .standard
    /// Seconds between two passes of the automation worker inside `serve`; 0 switches it off.
    public var automationInterval: Int = 60
    /// PostgreSQL connections per event loop (the server has one event loop per core).
    public var databasePoolSize: Int = 4
    /// The address people reach the web interface at, for links in notifications.
    public var publicURL: String = "http://127.0.0.1:8080"
    /// The word in the subject tag that identifies a ticket in mail: "[Switchboard #123]".
    public var subjectPrefix: String = "Switchboard"
    /// The From address of notifications.
    public var mailFrom: String?
    /// How notifications leave: not at all (they wait in the outbox), SMTP, or .eml files.
    public var mailTransport: MailTransportChoice = .none
    /// Seconds between passes of the mail worker in `serve`.
    public var mailInterval: Int = 30
    /// Attempts before a message is marked failed; the wait doubles after each.
    public var mailMaxAttempts: Int = 10
    public var mailRetryBaseSeconds: Int = 60
    /// Messages the mail gate takes from one sender per hour; more are deferred (exit 75).
    public var mailgateHourlyLimit: Int = 30
    /// A new message from an unknown address opens a ticket for a guest account (otherwise it is refused).
    public var mailgateAcceptsGuests = false

    /// Limits that keep one client, one writer or one message from taking the service down;
    /// the README's "Security and limits" lists them all.
    /// How long a SQLite writer waits for another process's write lock before trying again.
    public var sqliteBusyTimeoutMilliseconds: Int = 5000
    /// Seconds a connection may stay open with nothing read or written.
    public var httpIdleTimeoutSeconds: Int = 60
    /// Seconds a client has to send a request's headers, from connecting or from the end of
    /// the previous answer.
    public var httpHeaderTimeoutSeconds: Int = 15
    /// Open connections the server keeps at once; more are answered 503 and closed.
    public var httpMaxConnections: Int = 4096
    /// Addresses of reverse proxies whose X-Forwarded-For names the real client; from anyone
    /// else the header is ignored.
    public var trustedProxies: [String] = []
    /// Seconds the mail gate may spend on one message before it gives up with exit 75.
    public var mailgateTimeBudgetSeconds: Int = 120
    /// Attachments taken from one mail; more are refused with a note on the ticket.
    public var mailgateMaxAttachments: Int = 20
    /// How sure the mail gate must be of a sender before it acts in their name: for
    /// submitters and other non-supporters, and for supporters (whose mail may be an internal
    /// note's answer, or a change of a ticket they work on).
    public var mailSenderCheck: SenderAssurance = .replyAddress
    public var mailSupporterSenderCheck: SenderAssurance = .authenticated
    /// The authserv-id of the installation's own mail server in Authentication-Results
    /// headers; unset, no message counts as authenticated.
    public var mailAuthservID: String?
    /// The key of reply-address tokens, read from the database at start (migration 014).
    public var replyAddressKey: String?

    /// The domain of Message-IDs and of the default sender: the public URL's host.
    public var mailDomain: String {
        URLComponents(string: publicURL)?.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
    }

    public var sender: String { mailFrom ?? "Switchboard <switchboard@\(mailDomain)>" }

    /// Ticket monitoring's address: gets overdue-response reminders and third-step escalations.
    public var monitoringAddress: String?

    /// The release process: the release unit, its waiting limit, the repositories to sync.
    public var releases = ReleaseSettings()
    /// Requirement assessment: the threshold and the requirements queue.
    public var requirements = RequirementSettings()
    /// Known issues: where their digest is mailed.
    public var knownIssues = KnownIssueSettings()
    /// The OpenID Connect providers people may sign in with.
    public var oidcProviders: [OIDCProvider] = []
    /// Seconds a provider has to answer; longer, it counts as down.
    public var oidcTimeoutSeconds = 10
    /// Whether people may sign in (and get API tokens) with a local password; an installation
    /// that signs everyone in through its providers switches it off.
    public var passwordSignIn = true
    /// The bearer token `/metrics` wants; unset, it answers the loopback only.
    public var metricsToken: String?
    /// Seconds between passes of the webhook worker in serve (0: off).
    public var webhookInterval = 15
    /// Seconds an endpoint has to answer a delivery.
    public var webhookTimeoutSeconds = 10

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
        ("SWITCHBOARD_DB_POOL_SIZE", "PostgreSQL connections per event loop, i.e. per core (default 4)."),
        ("SWITCHBOARD_PUBLIC_URL", "Address of the web interface, for links in notifications (default http://127.0.0.1:8080)."),
        ("SWITCHBOARD_AUTOMATION_INTERVAL", "Seconds between passes of the automation worker in serve; 0 switches it off (default 60)."),
        ("SWITCHBOARD_WAITING_REMINDER_DAYS", "Working days after which a silent submitter is reminded (default 5,10)."),
        ("SWITCHBOARD_WAITING_UNSOLVED_DAYS", "Working days without a reply after which a waiting ticket becomes unsolved (default 15)."),
        ("SWITCHBOARD_CLOSE_AFTER_DAYS", "Working days after which a solved or unsolved ticket closes (default 10)."),
        ("SWITCHBOARD_RESPONSE_WARNING_PERCENT", "Share of a response target after which the unit is warned (default 75)."),
        ("SWITCHBOARD_STALE_FLAG_DAYS", "Working days without supporter reaction after which the sweep agenda flags a ticket (default 3)."),
        ("SWITCHBOARD_STALE_REMINDER_DAYS", "Working days without supporter reaction after which the unit is reminded, and again each period (default 10)."),
        ("SWITCHBOARD_WAITING_TOO_LONG_DAYS", "Working days waiting for the submitter or on hold after which the sweep agenda flags a ticket (default 10)."),
        ("SWITCHBOARD_ESCALATION_STEP_DAYS", "Working days between two escalation steps of a submitter (default 1)."),
        ("SWITCHBOARD_SWEEP_DAYS", "Weekdays of a unit's sweep unless the unit sets its own (default tue,thu)."),
        ("SWITCHBOARD_MONITORING_ADDRESS", "Ticket monitoring's mail address, for overdue responses and third-step escalations (default none)."),
        ("SWITCHBOARD_SUBJECT_PREFIX", "Word of the subject tag that identifies a ticket in mail, [Switchboard #123] (default Switchboard)."),
        ("SWITCHBOARD_MAIL_TRANSPORT", "none (notifications wait in the outbox), smtp or file (default none)."),
        ("SWITCHBOARD_MAIL_FROM", "From address of notifications (default Switchboard <switchboard@HOST of the public URL>)."),
        ("SWITCHBOARD_MAIL_DIRECTORY", "Directory the file transport writes .eml files to (default ./mail)."),
        ("SWITCHBOARD_MAIL_INTERVAL", "Seconds between passes of the mail worker in serve (default 30)."),
        ("SWITCHBOARD_MAIL_MAX_ATTEMPTS", "Delivery attempts before a message is marked failed (default 10)."),
        ("SWITCHBOARD_MAIL_RETRY_SECONDS", "Wait after the first failed attempt; it doubles after each (default 60)."),
        ("SWITCHBOARD_MAILGATE_HOURLY_LIMIT", "Messages the mail gate takes from one sender per hour; more are deferred (default 30)."),
        ("SWITCHBOARD_MAILGATE_GUESTS", "true: a new mail from an unknown address opens a ticket for a guest account; false: it is refused (default false)."),
        ("SWITCHBOARD_MAIL_SENDER_CHECK", "What the mail gate needs to act for a submitter: none, reply-address or authenticated (default reply-address)."),
        ("SWITCHBOARD_MAIL_SUPPORTER_SENDER_CHECK", "What the mail gate needs to act for a supporter: none, reply-address or authenticated (default authenticated)."),
        ("SWITCHBOARD_MAIL_AUTHSERV_ID", "authserv-id of the own mail server's Authentication-Results headers, e.g. mx.example.org (default none)."),
        ("SWITCHBOARD_SMTP_HOST", "SMTP relay (required for the smtp transport)."),
        ("SWITCHBOARD_SMTP_PORT", "SMTP port (default 587; 465 with tls)."),
        ("SWITCHBOARD_SMTP_SECURITY", "starttls, tls or none (default starttls)."),
        ("SWITCHBOARD_SMTP_USERNAME", "User for AUTH PLAIN/LOGIN (default: no authentication)."),
        ("SWITCHBOARD_SMTP_PASSWORD", "Password for AUTH."),
        ("SWITCHBOARD_SMTP_VERIFY_CERTIFICATE", "true or false: check the relay's certificate (default true)."),
        ("SWITCHBOARD_SMTP_CA_FILE", "PEM file of certificates to trust for the relay, besides the system's."),
        ("SWITCHBOARD_SMTP_TLS_SERVER_NAME", "Name the relay's certificate must carry when SWITCHBOARD_SMTP_HOST is an address or localhost (default: the host)."),
        ("SWITCHBOARD_SQLITE_BUSY_TIMEOUT_MS", "Milliseconds a SQLite writer waits for another process's write lock, per attempt (default 5000)."),
        ("SWITCHBOARD_HTTP_IDLE_TIMEOUT", "Seconds a connection may stay open with nothing read or written (default 60)."),
        ("SWITCHBOARD_HTTP_HEADER_TIMEOUT", "Seconds a client has to send a request's headers (default 15)."),
        ("SWITCHBOARD_HTTP_MAX_CONNECTIONS", "Connections kept open at once; more are answered 503 and closed (default 4096)."),
        ("SWITCHBOARD_TRUSTED_PROXIES", "Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed (default none)."),
        ("SWITCHBOARD_MAILGATE_TIME_BUDGET", "Seconds the mail gate may spend on one message before it exits 75 (default 120)."),
        ("SWITCHBOARD_MAILGATE_MAX_ATTACHMENTS", "Attachments taken from one mail; more are refused with a note (default 20)."),
        ("SWITCHBOARD_RELEASE_UNIT", "Unit that holds fixed tickets until their release is in production (default: the first release-tier unit by name)."),
        ("SWITCHBOARD_RELEASE_WAITING_DAYS", "Calendar days a fixed ticket may wait before it is flagged (default 60)."),
        ("SWITCHBOARD_RELEASE_REPOSITORIES", "Repositories to sync, 'name | stage | base URL' separated by ';' (default none)."),
        ("SWITCHBOARD_RELEASE_SYNC_MINUTES", "Minutes between repository syncs inside serve; 0 leaves it to the command (default 0)."),
        ("SWITCHBOARD_RELEASE_SYNC_MAX_BYTES", "Largest primary metadata file fetched, as stored (default 268435456)."),
        ("SWITCHBOARD_RELEASE_SYNC_TIMEOUT", "Seconds one repository's fetch may take (default 300)."),
        ("SWITCHBOARD_REQUIREMENT_THRESHOLD", "Person-days at and above which a requirement goes to the requirements queue (default 5)."),
        ("SWITCHBOARD_RT_URL", "Request Tracker's address, the requirements queue (default none: the queue route is refused)."),
        ("SWITCHBOARD_RT_QUEUE", "The RT queue requirements are created in (default Requirements)."),
        ("SWITCHBOARD_RT_TOKEN", "An RT auth token; required with SWITCHBOARD_RT_URL."),
        ("SWITCHBOARD_RT_SYNC_MINUTES", "Minutes between reads of the requirements queue's decisions inside serve; 0 leaves it to the command (default 60)."),
        ("SWITCHBOARD_KNOWN_ISSUES_LIST", "The operations meeting's list the known-issue digest is mailed to (default none)."),
        ("SWITCHBOARD_KNOWN_ISSUES_TITLE", "The known-issue digest's title (default: Known issues for the operations meeting)."),
        ("SWITCHBOARD_OIDC_ISSUER", "Issuer of an OpenID Connect provider (https; http only on the loopback) (default none)."),
        ("SWITCHBOARD_OIDC_CLIENT_ID", "This helpdesk's client id at that provider."),
        ("SWITCHBOARD_OIDC_CLIENT_SECRET", "This helpdesk's client secret at that provider (never printed)."),
        ("SWITCHBOARD_OIDC_NAME", "What the sign-in page calls that provider (default: single sign-on)."),
        ("SWITCHBOARD_OIDC_SCOPES", "Scopes asked for, separated by spaces (default: openid email profile)."),
        ("SWITCHBOARD_OIDC_USERINFO", "true: read the provider's userinfo endpoint at sign-in for claims the ID token lacks (default false)."),
        ("SWITCHBOARD_OIDC_AUDIENCES", "Audiences a provider access token sent to the API must name one of, separated by spaces (default: the client id)."),
        ("SWITCHBOARD_OIDC_PROVIDERS_FILE", "A JSON file with more providers: [{key, name, issuer, clientId, clientSecret, scopes, userinfo, accessTokenAudiences}] (default none)."),
        ("SWITCHBOARD_OIDC_TIMEOUT", "Seconds a sign-in provider has to answer before it counts as down (default 10)."),
        ("SWITCHBOARD_PASSWORD_SIGN_IN", "false: nobody signs in or gets an API token with a local password, only through the providers (default true)."),
        ("SWITCHBOARD_WEBHOOK_INTERVAL", "Seconds between passes of the webhook worker in serve; 0 switches it off (default 15)."),
        ("SWITCHBOARD_WEBHOOK_TIMEOUT", "Seconds an endpoint has to answer a webhook delivery (default 10)."),
        ("SWITCHBOARD_METRICS_TOKEN", "Bearer token for /metrics; unset, /metrics answers requests from the loopback only (never printed)."),
        ("SWITCHBOARD_LOG_FORMAT", "console (default), logfmt or json: how log lines are written."),
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
        if let url = environment["SWITCHBOARD_PUBLIC_URL"], !url.isEmpty {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw Invalid(description: "SWITCHBOARD_PUBLIC_URL must start with http:// or https://; it is '\(url)'.")
            }
            configuration.publicURL = String(url.reversed().drop(while: { $0 == "/" }).reversed())
        }
        configuration.databasePoolSize = try integer(environment, "SWITCHBOARD_DB_POOL_SIZE", default: 4, in: 1...100)
        configuration.automationInterval = try integer(environment, "SWITCHBOARD_AUTOMATION_INTERVAL", default: 60, in: 0...86_400)
        if let text = environment["SWITCHBOARD_WAITING_REMINDER_DAYS"], !text.isEmpty {
            let days = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard days.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw Invalid(description: "SWITCHBOARD_WAITING_REMINDER_DAYS must be whole numbers of working days separated by commas, like 5,10; it is '\(text)'.")
            }
            configuration.automation.waitingReminderDays = days.map { $0! }.sorted()
        }
        configuration.automation.waitingUnsolvedAfterDays = try integer(environment, "SWITCHBOARD_WAITING_UNSOLVED_DAYS", default: 15, in: 1...365)
        configuration.automation.closeAfterDays = try integer(environment, "SWITCHBOARD_CLOSE_AFTER_DAYS", default: 10, in: 1...365)
        configuration.automation.responseWarningPercent = try integer(environment, "SWITCHBOARD_RESPONSE_WARNING_PERCENT", default: 75, in: 1...99)
        configuration.automation.staleFlagDays = try integer(environment, "SWITCHBOARD_STALE_FLAG_DAYS", default: 3, in: 1...365)
        configuration.automation.staleReminderDays = try integer(environment, "SWITCHBOARD_STALE_REMINDER_DAYS", default: 10, in: 1...365)
        configuration.automation.waitingTooLongDays = try integer(environment, "SWITCHBOARD_WAITING_TOO_LONG_DAYS", default: 10, in: 1...365)
        configuration.automation.escalationStepDays = try integer(environment, "SWITCHBOARD_ESCALATION_STEP_DAYS", default: 1, in: 0...365)
        if let text = environment["SWITCHBOARD_SWEEP_DAYS"], !text.isEmpty {
            guard let days = SweepRules.parseDays(text) else {
                throw Invalid(description: "SWITCHBOARD_SWEEP_DAYS must be weekdays separated by commas, like tue,thu; it is '\(text)'.")
            }
            configuration.automation.sweepDays = days
        }
        if let address = environment["SWITCHBOARD_MONITORING_ADDRESS"], !address.isEmpty {
            guard EmailAddress.isPlausible(address) else {
                throw Invalid(description: "SWITCHBOARD_MONITORING_ADDRESS must be a mail address; it is '\(address)'.")
            }
            configuration.monitoringAddress = address
        }
        try readMail(environment, into: &configuration)
        try readLimits(environment, into: &configuration)
        configuration.releases = try ReleaseSettings.read(environment)
        configuration.requirements = try RequirementSettings.read(environment)
        configuration.knownIssues = try KnownIssueSettings.read(environment)
        configuration.oidcProviders = try OIDCProvider.read(environment)
        configuration.oidcTimeoutSeconds = try integer(environment, "SWITCHBOARD_OIDC_TIMEOUT", default: 10, in: 1...120)
        configuration.passwordSignIn = try boolean(environment, "SWITCHBOARD_PASSWORD_SIGN_IN", default: true)
        guard configuration.passwordSignIn || !configuration.oidcProviders.isEmpty else {
            throw Invalid(description: "SWITCHBOARD_PASSWORD_SIGN_IN=false needs an OpenID Connect provider (SWITCHBOARD_OIDC_ISSUER or SWITCHBOARD_OIDC_PROVIDERS_FILE): nobody could sign in.")
        }
        configuration.webhookInterval = try integer(environment, "SWITCHBOARD_WEBHOOK_INTERVAL", default: 15, in: 0...86_400)
        configuration.webhookTimeoutSeconds = try integer(environment, "SWITCHBOARD_WEBHOOK_TIMEOUT", default: 10, in: 1...300)
        if let token = environment["SWITCHBOARD_METRICS_TOKEN"], !token.isEmpty {
            guard token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw Invalid(description: "SWITCHBOARD_METRICS_TOKEN must be at least 16 characters without spaces.")
            }
            configuration.metricsToken = token
        }
        if let format = environment["SWITCHBOARD_LOG_FORMAT"], !format.isEmpty, !["console", "logfmt", "json"].contains(format) {
            throw Invalid(description: "SWITCHBOARD_LOG_FORMAT must be console, logfmt or json; it is '\(format)'.")
        }
        if let prefix = environment["SWITCHBOARD_SUBJECT_PREFIX"], !prefix.isEmpty {
            guard prefix.count <= 40, !prefix.contains(where: { $0 == "[" || $0 == "]" || $0 == "#" || $0.isNewline }) else {
                throw Invalid(description: "SWITCHBOARD_SUBJECT_PREFIX must be a short word without [ ] # or line breaks; it is '\(prefix)'.")
            }
            configuration.subjectPrefix = prefix
        }
        return configuration
    }

    private static func readMail(_ environment: [String: String], into configuration: inout Self) throws {
        if let from = environment["SWITCHBOARD_MAIL_FROM"], !from.isEmpty {
            guard from.contains("@"), !from.contains(where: \.isNewline) else {
                throw Invalid(description: "SWITCHBOARD_MAIL_FROM must be a mail address, like Helpdesk <helpdesk@example.org>; it is '\(from)'.")
            }
            configuration.mailFrom = from
        }
        configuration.mailInterval = try integer(environment, "SWITCHBOARD_MAIL_INTERVAL", default: 30, in: 1...86_400)
        configuration.mailMaxAttempts = try integer(environment, "SWITCHBOARD_MAIL_MAX_ATTEMPTS", default: 10, in: 1...100)
        configuration.mailRetryBaseSeconds = try integer(environment, "SWITCHBOARD_MAIL_RETRY_SECONDS", default: 60, in: 1...86_400)
        configuration.mailgateHourlyLimit = try integer(environment, "SWITCHBOARD_MAILGATE_HOURLY_LIMIT", default: 30, in: 1...100_000)
        configuration.mailgateAcceptsGuests = try boolean(environment, "SWITCHBOARD_MAILGATE_GUESTS", default: false)
        for (name, keyPath) in [("SWITCHBOARD_MAIL_SENDER_CHECK", \Self.mailSenderCheck),
                                ("SWITCHBOARD_MAIL_SUPPORTER_SENDER_CHECK", \Self.mailSupporterSenderCheck)] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let check = SenderAssurance(setting: text) else {
                throw Invalid(description: "\(name) must be none, reply-address or authenticated; it is '\(text)'.")
            }
            configuration[keyPath: keyPath] = check
        }
        if let id = environment["SWITCHBOARD_MAIL_AUTHSERV_ID"], !id.isEmpty {
            guard !id.contains(where: { $0 == ";" || $0.isWhitespace }) else {
                throw Invalid(description: "SWITCHBOARD_MAIL_AUTHSERV_ID must be one word like mx.example.org; it is '\(id)'.")
            }
            configuration.mailAuthservID = id.lowercased()
        }
        switch environment["SWITCHBOARD_MAIL_TRANSPORT"].flatMap({ $0.isEmpty ? nil : $0.lowercased() }) ?? "none" {
        case "none":
            configuration.mailTransport = .none
        case "file":
            configuration.mailTransport = .file(directory: environment["SWITCHBOARD_MAIL_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 } ?? "mail")
        case "smtp":
            guard let host = environment["SWITCHBOARD_SMTP_HOST"], !host.isEmpty else {
                throw Invalid(description: "SWITCHBOARD_SMTP_HOST is required when SWITCHBOARD_MAIL_TRANSPORT is smtp.")
            }
            let securityText = environment["SWITCHBOARD_SMTP_SECURITY"].flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? "starttls"
            guard let security = SMTPSettings.Security(rawValue: securityText) else {
                throw Invalid(description: "SWITCHBOARD_SMTP_SECURITY must be starttls, tls or none; it is '\(securityText)'.")
            }
            let port = try integer(environment, "SWITCHBOARD_SMTP_PORT", default: security == .tls ? 465 : 587, in: 1...65535)
            let username = environment["SWITCHBOARD_SMTP_USERNAME"].flatMap { $0.isEmpty ? nil : $0 }
            let password = environment["SWITCHBOARD_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            if username != nil && password == nil {
                throw Invalid(description: "SWITCHBOARD_SMTP_PASSWORD is required with SWITCHBOARD_SMTP_USERNAME.")
            }
            if username != nil && security == .none {
                throw Invalid(description: "SWITCHBOARD_SMTP_USERNAME needs SWITCHBOARD_SMTP_SECURITY starttls or tls: the password would cross the network in clear.")
            }
            let verify = try boolean(environment, "SWITCHBOARD_SMTP_VERIFY_CERTIFICATE", default: true)
            configuration.mailTransport = .smtp(SMTPSettings(
                host: host, port: port, security: security, username: username, password: password, verifyCertificate: verify,
                caFile: environment["SWITCHBOARD_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }, heloName: configuration.mailDomain,
                tlsServerName: environment["SWITCHBOARD_SMTP_TLS_SERVER_NAME"].flatMap { $0.isEmpty ? nil : $0 }))
        case let other:
            throw Invalid(description: "SWITCHBOARD_MAIL_TRANSPORT must be none, smtp or file; it is '\(other)'.")
        }
    }

    private static func readLimits(_ environment: [String: String], into configuration: inout Self) throws {
        configuration.sqliteBusyTimeoutMilliseconds = try integer(environment, "SWITCHBOARD_SQLITE_BUSY_TIMEOUT_MS", default: 5000, in: 0...600_000)
        configuration.httpIdleTimeoutSeconds = try integer(environment, "SWITCHBOARD_HTTP_IDLE_TIMEOUT", default: 60, in: 1...86_400)
        configuration.httpHeaderTimeoutSeconds = try integer(environment, "SWITCHBOARD_HTTP_HEADER_TIMEOUT", default: 15, in: 1...3600)
        configuration.httpMaxConnections = try integer(environment, "SWITCHBOARD_HTTP_MAX_CONNECTIONS", default: 4096, in: 1...1_000_000)
        if let text = environment["SWITCHBOARD_TRUSTED_PROXIES"], !text.isEmpty {
            let addresses = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for address in addresses where ClientAddress.normalised(address) == nil {
                throw Invalid(description: "SWITCHBOARD_TRUSTED_PROXIES must be IP addresses separated by commas; '\(address)' is not one.")
            }
            configuration.trustedProxies = addresses.compactMap(ClientAddress.normalised)
        }
        configuration.mailgateTimeBudgetSeconds = try integer(environment, "SWITCHBOARD_MAILGATE_TIME_BUDGET", default: 120, in: 1...86_400)
        configuration.mailgateMaxAttachments = try integer(environment, "SWITCHBOARD_MAILGATE_MAX_ATTACHMENTS", default: 20, in: 0...1000)
    }

    static func integer(_ environment: [String: String], _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = environment[name], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Invalid(description: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound); it is '\(text)'.")
        }
        return number
    }

    static func boolean(_ environment: [String: String], _ name: String, default value: Bool) throws -> Bool {
        guard let text = environment[name], !text.isEmpty else { return value }
        guard let flag = Bool(text.lowercased()) else { throw Invalid(description: "\(name) must be true or false; it is '\(text)'.") }
        return flag
    }
}
