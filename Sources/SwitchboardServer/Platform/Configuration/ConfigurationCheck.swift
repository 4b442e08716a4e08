import Fluent
import Foundation
import NIOCore
import SQLKit
import SwitchboardCore
import Vapor

/// `switchboard config check`: the effective settings (secrets masked) with where each came
/// from, then every problem found — in the settings file, in the values, with the database and
/// with the mail relay. Exits 0 only when there is none.
public enum ConfigurationCheck {
    public struct Report: Sendable {
        public var lines: [String] = []
        public var problems: [String] = []
    }

    /// Runs the check and prints it; returns the exit code. `fromFile`: the variables the
    /// executable took from the settings file (`ConfigurationFile.apply`).
    public static func run(fromFile: Set<String>, environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        let report = await check(environment: environment, fromFile: fromFile)
        print(TerminalText.escaped(report.lines.joined(separator: "\n")))
        if report.problems.isEmpty {
            print("No problems found.")
            return 0
        }
        print("\n\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s"):")
        for problem in report.problems { print(TerminalText.escaped("  - " + problem)) }
        return 1
    }

    /// `environment` already holds the file's settings (the process's own win).
    public static func check(environment: [String: String], fromFile: Set<String>) async -> Report {
        var report = Report()
        if let path = ConfigurationFile.path(environment: environment) {
            report.lines.append("Settings file: \(path)")
            do {
                let known = Set(SwitchboardConfiguration.variables.map(\.name) + ["SWITCHBOARD_CONFIG_FILE"])
                for entry in try ConfigurationFile.read(path) where !known.contains(entry.key) {
                    report.problems.append("\(path), line \(entry.line): \(entry.key) is not a setting of Switchboard (a typo?)")
                }
            } catch {
                report.problems.append(String(describing: error))
            }
        } else {
            report.lines.append("Settings file: none (\(ConfigurationFile.defaultPath) does not exist and SWITCHBOARD_CONFIG_FILE is unset)")
        }
        report.lines.append("")
        for (name, _) in SwitchboardConfiguration.variables {
            guard let value = environment[name], !value.isEmpty else { continue }
            report.lines.append("\(name)=\(masked(name, value))  (\(fromFile.contains(name) ? "file" : "environment"))")
        }
        // Every problem with the values, not only the first: a variable named by a problem is
        // set aside and the rest read again.
        var remaining = environment
        var configuration: SwitchboardConfiguration?
        for _ in 0..<SwitchboardConfiguration.variables.count + 1 {
            do {
                configuration = try SwitchboardConfiguration.fromEnvironment(remaining)
                break
            } catch {
                let message = String(describing: error)
                report.problems.append(message)
                guard let culprit = SwitchboardConfiguration.variables.map(\.name).first(where: { message.contains($0) && remaining[$0] != nil }) else { break }
                remaining[culprit] = nil
            }
        }
        guard let configuration, report.problems.isEmpty else { return report }
        report.lines.append("")
        await checkDatabase(configuration, into: &report)
        await checkMail(configuration, into: &report)
        return report
    }

    static func masked(_ name: String, _ value: String) -> String {
        // Switches about passwords are not passwords.
        let switches: Set<String> = ["SWITCHBOARD_PASSWORD_SIGN_IN", "SWITCHBOARD_PASSWORD_COST"]
        if !switches.contains(name), name.contains("PASSWORD") || name.contains("TOKEN") || name.contains("SECRET") { return "********" }
        if name == "DATABASE_URL", var components = URLComponents(string: value), components.password != nil {
            components.password = "********"
            return components.string ?? "********"
        }
        return value
    }

    private static func checkDatabase(_ configuration: SwitchboardConfiguration, into report: inout Report) async {
        if case .sqlite(let path) = configuration.database {
            let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
            if !FileManager.default.fileExists(atPath: path) {
                report.problems.append("The SQLite file \(path) does not exist (run switchboard migrate).")
                return
            }
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                if access(file, W_OK) != 0 { report.problems.append("This user cannot write \(file): serve and the mail gate must both be able to.") }
            }
            if access(directory, W_OK) != 0 {
                report.problems.append("This user cannot write the directory \(directory), where SQLite keeps its -wal and -shm files.")
            }
        }
        do {
            let app = try await Application.make(.init(name: "check", arguments: ["switchboard"]))
            do {
                try await configure(app, configuration: configuration)
                app.logger.logLevel = .critical
                try await prepareDatabase(app, migrate: false)
                let pending = try await app.migrator.previewPrepareBatch().get()
                if !pending.isEmpty { report.problems.append("The database needs \(pending.count) migrations: run switchboard migrate.") }
                let units = try await SupportUnitModel.query(on: app.db).count()
                report.lines.append("Database: reachable, \(units) support units.")
                if app.switchboardConfiguration.replyAddressKey == nil && pending.isEmpty {
                    report.problems.append("The database has no reply-address key (migration 014).")
                }
            } catch {
                report.problems.append("The database cannot be used: \(error)")
            }
            try? await app.asyncShutdown()
        } catch {
            report.problems.append("Cannot start a check: \(error)")
        }
    }

    private static func checkMail(_ configuration: SwitchboardConfiguration, into report: inout Report) async {
        switch configuration.mailTransport {
        case .none:
            report.lines.append("Mail: SWITCHBOARD_MAIL_TRANSPORT is none; notifications wait in the outbox.")
        case .file(let directory):
            report.lines.append("Mail: written as .eml files to \(directory).")
        case .smtp(let settings):
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            do {
                let session = try await SMTPSession.open(settings, group: group, timeout: .seconds(10))
                await session.close()
                report.lines.append("Mail: the relay \(settings.host):\(settings.port) accepted a session (\(settings.security.rawValue)\(settings.username == nil ? "" : ", AUTH")).")
            } catch {
                report.problems.append("Mail: the relay \(settings.host):\(settings.port) refused or could not be reached: \(error)")
            }
            try? await group.shutdownGracefully()
        }
        if configuration.publicURL.contains("://127.0.0.1") || configuration.publicURL.contains("://localhost") {
            report.lines.append("Note: SWITCHBOARD_PUBLIC_URL is \(configuration.publicURL); links and Message-IDs in mail will name this machine only.")
        }
    }
}
