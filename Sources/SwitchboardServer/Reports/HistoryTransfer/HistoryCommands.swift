import Foundation
import SwitchboardCore
import Vapor

/// `switchboard import FILE.jsonl [--units FILE.json] [--dry-run]`: loads tickets with their
/// histories. Progress goes to standard error: a bar with rate and ETA on a terminal, a plain
/// line every few seconds otherwise. Every refused line is listed; the exit status is 1 when
/// any line was refused.
struct ImportHistoryCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "JSON Lines: one ticket with its events a line (README, \"History import and export\").") var file: String
        @Option(name: "units", help: "A unit directory {\"units\": [{\"name\", \"tier\", \"parent\", \"level\"}]}: units it names are created first.")
        var units: String?
        @Flag(name: "dry-run", help: "Check every line and say what would be imported; write nothing.") var dryRun: Bool
        init() {}
    }

    var help: String { "Imports tickets with their complete event histories (idempotent by external_id)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        guard let handle = FileHandle(forReadingAtPath: signature.file) else {
            throw SwitchboardConfiguration.Invalid(description: "Cannot read '\(TerminalText.escaped(signature.file))'.")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: signature.file)[.size] as? Int) ?? 0
        if let units = signature.units {
            let created = try await UnitDirectory.load(path: units).create(in: app.helpdesk, dryRun: signature.dryRun)
            context.console.say("Units \(signature.dryRun ? "to create" : "created"): \(created.isEmpty ? "none" : created.joined(separator: ", ")).")
        }
        let meter = ProgressMeter(total: size, label: "imported")
        let started = Date()
        let summary = try await HistoryImport(helpdesk: app.helpdesk, dryRun: signature.dryRun).run(LineReader(handle: handle)) { summary, bytes in
            meter.show(done: bytes, count: summary.imported + summary.alreadyThere)
        }
        meter.finish()
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        for refusal in summary.refusals { context.console.say("refused \(TerminalText.escaped(refusal.description))") }
        context.console.say(
            (signature.dryRun ? "Dry run: would import " : "Imported ") + "\(summary.imported) tickets with \(summary.events) events "
            + "(\(Int(Double(summary.imported) / seconds)) tickets/s); \(summary.alreadyThere) were there already; "
            + "\(summary.peopleCreated) people \(signature.dryRun ? "would be" : "were") added; \(summary.refusals.count) lines refused.")
        if !summary.refusals.isEmpty { exit(1) }
    }
}

/// `switchboard export [FILE]`: every ticket with its history, to FILE or standard output.
struct ExportHistoryCommand: AnyAsyncCommand {
    var help: String { "Exports every ticket with its history in the import format (to FILE, or standard output)." }

    func outputHelp(using context: inout CommandContext) {
        context.console.output("Usage: switchboard export [FILE]\n\n\(help)\nFILE '-' or none means standard output.")
    }

    // Written out: ConsoleKit has no optional positional arguments.
    func run(using context: inout CommandContext) async throws {
        let arguments = context.input.arguments
        if arguments.contains("--help") || arguments.contains("-h") {
            outputHelp(using: &context)
            return
        }
        guard arguments.count <= 1, arguments.first.map({ $0 == "-" || !$0.hasPrefix("-") }) ?? true else {
            throw CommandError.unknownInput(arguments.joined(separator: " "))
        }
        let file = arguments.first
        context.input.arguments = []
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let output: FileHandle
        if let path = file, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw SwitchboardConfiguration.Invalid(description: "Cannot write '\(TerminalText.escaped(path))'.")
            }
            output = handle
        } else {
            output = FileHandle.standardOutput
        }
        var buffer = Data()
        let count = try await HistoryExport(helpdesk: app.helpdesk).run { line in
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                try output.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try output.write(contentsOf: buffer)
        if let file, file != "-" {
            try output.close()
            context.console.say("Exported \(count) tickets.")
        }
    }
}

/// `switchboard reports rebuild`: recomputes the report projection from the event history.
struct ReportCommands: AsyncCommandGroup {
    var help: String { "Reports: rebuild." }
    var commands: [String: any AnyAsyncCommand] { ["rebuild": Rebuild()] }

    struct Rebuild: AsyncCommand {
        struct Signature: CommandSignature { init() {} }

        var help: String { "Recomputes what the reports read from the event history (after restoring a backup or repairing data by hand)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await prepareDatabase(app, migrate: true)
            let meter = ProgressMeter(total: 0, label: "tickets")
            let done = try await ReportProjection.rebuild(helpdesk: app.helpdesk) { done, total in
                meter.total = total
                meter.show(done: done, count: done)
            }
            meter.finish()
            context.console.say("Rebuilt the report projection of \(done) tickets.")
        }
    }
}

/// Progress on standard error: a bar with rate and ETA on a terminal, a plain line every five
/// seconds otherwise.
final class ProgressMeter: @unchecked Sendable {
    var total: Int
    let label: String
    private let started = Date()
    private var lastPlain = Date.distantPast
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var count = 0

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    /// `done` out of `total` (bytes or items); `count` items so far.
    func show(done: Int, count: Int) {
        self.count = count
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(count) / elapsed
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let remaining = fraction > 0 ? elapsed / fraction - elapsed : 0
        let eta = fraction > 0 ? String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60) : "?"
        if isTerminal {
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data(String(format: "\r[%@] %3d%%  %d %@  %.0f/s  ETA %@ ", bar, Int(fraction * 100), count, label,
                                                       rate, eta).utf8))
        } else if Date().timeIntervalSince(lastPlain) >= 5 {
            lastPlain = Date()
            FileHandle.standardError.write(Data(String(format: "%d %@ (%d%%), %.0f/s, ETA %@\n", count, label, Int(fraction * 100), rate, eta).utf8))
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
