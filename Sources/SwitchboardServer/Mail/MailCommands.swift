import Foundation
import NIOConcurrencyHelpers
import Vapor

extension Application {
    /// The configured transport, or nil when notifications are to wait in the outbox.
    var mailTransport: (any MailTransport)? {
        switch switchboardConfiguration.mailTransport {
        case .none: nil
        case .smtp(let settings): SMTPTransport(settings: settings, group: eventLoopGroup)
        case .file(let directory): FileTransport(directory: directory)
        }
    }
}

/// `switchboard mail deliver`: one delivery pass from the command line.
struct MailCommands: AsyncCommandGroup {
    var help: String { "Outgoing mail: deliver what is due." }
    var commands: [String: any AnyAsyncCommand] { ["deliver": Deliver()] }

    struct Deliver: AsyncCommand {
        struct Signature: CommandSignature { init() {} }

        var help: String { "Sends every due message of the outbox once (with SWITCHBOARD_MAIL_TRANSPORT), then exits." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await prepareDatabase(app, migrate: true)
            guard let transport = app.mailTransport else {
                throw SwitchboardConfiguration.Invalid(description: "Set SWITCHBOARD_MAIL_TRANSPORT to smtp or file to deliver mail.")
            }
            let report = try await app.helpdesk.deliverMail(transport: transport)
            context.console.output("Sent \(String(report.sent)), deferred \(String(report.deferred)), failed \(String(report.failed)).")
        }
    }
}

/// The mail worker inside `serve`: a delivery pass every interval, when a transport is set.
final class MailWorker: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func start(_ app: Application) {
        guard let transport = app.mailTransport else {
            app.logger.notice("Mail: SWITCHBOARD_MAIL_TRANSPORT is none; notifications wait in the outbox.")
            return
        }
        let interval = app.switchboardConfiguration.mailInterval
        let helpdesk = app.helpdesk
        let logger = app.logger
        task.withLockedValue { current in
            current = Task {
                while !Task.isCancelled {
                    do {
                        let report = try await helpdesk.deliverMail(transport: transport)
                        if report.sent + report.deferred + report.failed > 0 {
                            logger.info("Mail: sent \(report.sent), deferred \(report.deferred), failed \(report.failed).")
                        }
                    } catch {
                        logger.error("Mail pass failed (it is tried again next time): \(String(reflecting: error))")
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000_000)
                }
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        await running?.value
    }
}
