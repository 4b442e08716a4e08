import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore
import Vapor

/// Where an import reads from: a file, standard input (`-`), or an http(s) URL.
enum ImportSource {
    static let maximumBytes = 256 * 1024 * 1024

    static func read(_ location: String, client: HTTPClient) async throws -> Data {
        if location == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            let response: HTTPClientResponse
            do {
                response = try await client.execute(HTTPClientRequest(url: location), timeout: .seconds(120))
            } catch {
                throw SwitchboardConfiguration.Invalid(description: "\(location) cannot be fetched: \(error)")
            }
            guard response.status == .ok else {
                throw SwitchboardConfiguration.Invalid(description: "\(location) answered \(response.status.code) \(response.status.reasonPhrase).")
            }
            return Data(buffer: try await response.body.collect(upTo: maximumBytes))
        }
        guard let data = FileManager.default.contents(atPath: location) else {
            throw SwitchboardConfiguration.Invalid(description: "\(location) cannot be read.")
        }
        return data
    }

    /// Reads the source and hands it to an import, which answers with the line to print; a
    /// refused import prints every problem and exits 1.
    static func run(_ context: CommandContext, source: String, command: String,
                    _ body: (Helpdesk, Data) async throws -> String) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let data = try await read(source, client: app.http.client.shared)
        do {
            context.console.say(try await body(app.helpdesk, data))
        } catch let error as HelpdeskError {
            report(error, command: command)
        }
    }

    /// A refused import: every problem on its own line, and a non-zero exit.
    static func report(_ error: HelpdeskError, command: String) -> Never {
        if case .invalid(let errors) = error {
            for field in errors.messages.keys.sorted() {
                for message in errors.messages[field]! {
                    FileHandle.standardError.write(Data("switchboard \(command): \(field): \(message)\n".utf8))
                }
            }
            FileHandle.standardError.write(Data("switchboard \(command): nothing was imported.\n".utf8))
        } else {
            FileHandle.standardError.write(Data("switchboard \(command): \(error.message)\n".utf8))
        }
        exit(1)
    }
}

/// `switchboard downtimes import FILE-or-URL [--only-known-endpoints]`: GOCDB's get_downtime
/// XML, whole or not at all.
struct DowntimeCommands: AsyncCommandGroup {
    var help: String { "Downtimes: import (GOCDB get_downtime XML from a file, - for standard input, or a URL)." }
    var commands: [String: any AnyAsyncCommand] { ["import": Import()] }

    struct Import: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "source", help: "A file, - for standard input, or an http(s) URL of GOCDB's programmatic interface.") var source: String
            @Flag(name: "only-known-endpoints", help: "Leave out endpoints that are not ours (a whole site's feed) instead of refusing the file.")
            var onlyKnownEndpoints: Bool
            init() {}
        }

        var help: String { "Imports GOCDB downtimes; a downtime seen before changes nothing, or is updated when GOCDB changed it." }

        func run(using context: CommandContext, signature: Signature) async throws {
            try await ImportSource.run(context, source: signature.source, command: "downtimes import") { helpdesk, data in
                let summary = try await helpdesk.downtimes.importGOCDB(data, onlyKnownEndpoints: signature.onlyKnownEndpoints, by: .system)
                return "Downtimes read: \(summary.received); added \(summary.added), updated \(summary.updated), unchanged \(summary.unchanged)"
                    + (summary.skipped > 0 ? ", skipped \(summary.skipped) of endpoints that are not ours." : ".")
            }
        }
    }
}

/// `switchboard monitoring import FILE-or-URL`: ARGO's status timeline JSON, whole or not at all.
struct MonitoringCommands: AsyncCommandGroup {
    var help: String { "Monitoring results: import (ARGO status JSON from a file, - for standard input, or a URL)." }
    var commands: [String: any AnyAsyncCommand] { ["import": Import()] }

    struct Import: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "source", help: "A file, - for standard input, or an http(s) URL of ARGO's /status answer.") var source: String
            init() {}
        }

        var help: String { "Imports the endpoints' status timelines; results seen before change nothing." }

        func run(using context: CommandContext, signature: Signature) async throws {
            try await ImportSource.run(context, source: signature.source, command: "monitoring import") { helpdesk, data in
                let summary = try await helpdesk.monitoring.importARGO(data, by: .system)
                return "Results read: \(summary.received); added \(summary.added), unchanged \(summary.unchanged), corrected \(summary.corrected)."
            }
        }
    }
}
