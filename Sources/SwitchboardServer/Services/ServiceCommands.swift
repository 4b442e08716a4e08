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

/// `switchboard downtimes import FILE-or-URL`: GOCDB's get_downtime XML, whole or not at all.
struct DowntimeCommands: AsyncCommandGroup {
    var help: String { "Downtimes: import (GOCDB get_downtime XML from a file, - for standard input, or a URL)." }
    var commands: [String: any AnyAsyncCommand] {
        ["import": ImportCommand(name: "downtimes import", source: "GOCDB's programmatic interface",
                                 help: "Imports GOCDB downtimes; a downtime seen before changes nothing, or is updated when GOCDB changed it.") { app, data in
            let summary = try await app.helpdesk.downtimes.importGOCDB(data, by: .system)
            return "Downtimes read: \(summary.received); added \(summary.added), updated \(summary.updated), unchanged \(summary.unchanged)."
        }]
    }
}

/// `switchboard monitoring import FILE-or-URL`: ARGO's status timeline JSON, whole or not at all.
struct MonitoringCommands: AsyncCommandGroup {
    var help: String { "Monitoring results: import (ARGO status JSON from a file, - for standard input, or a URL)." }
    var commands: [String: any AnyAsyncCommand] {
        ["import": ImportCommand(name: "monitoring import", source: "ARGO's /status answer",
                                 help: "Imports the endpoints' status timelines; results seen before change nothing.") { app, data in
            let summary = try await app.helpdesk.monitoring.importARGO(data, by: .system)
            return "Results read: \(summary.received); added \(summary.added), unchanged \(summary.unchanged), corrected \(summary.corrected)."
        }]
    }
}

/// Reads a file, standard input or a URL and hands it to an import, which answers with a line
/// to print; a refused import prints every problem and exits 1.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "source", help: "A file, - for standard input, or an http(s) URL.") var source: String
        init() {}
    }

    let name: String
    let source: String
    let help: String
    let run: @Sendable (Application, Data) async throws -> String

    init(name: String, source: String, help: String, run: @escaping @Sendable (Application, Data) async throws -> String) {
        self.name = name
        self.source = source
        self.help = help + " The source is a file, - for standard input, or an http(s) URL of \(source)."
        self.run = run
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let data = try await ImportSource.read(signature.source, client: app.http.client.shared)
        do {
            context.console.say(try await run(app, data))
        } catch let error as HelpdeskError {
            ImportSource.report(error, command: name)
        }
    }
}
