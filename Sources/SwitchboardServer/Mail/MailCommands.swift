import Foundation
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
            context.console.say("Sent \(String(report.sent)), deferred \(String(report.deferred)), failed \(String(report.failed)).")
        }
    }
}
