import Foundation
import SwitchboardCore
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
    var help: String { "Outgoing mail: deliver what is due; tell a person's reply address for a ticket." }
    var commands: [String: any AnyAsyncCommand] { ["deliver": Deliver(), "reply-address": ReplyAddressOf()] }

    /// `switchboard mail reply-address --ticket N --for ADDRESS`: the address a person's
    /// notifications about a ticket ask them to reply to (for support: "write to this address").
    struct ReplyAddressOf: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "ticket", help: "The ticket number.") var ticket: Int?
            @Option(name: "for", help: "The person's mail address.") var person: String?
            init() {}
        }

        var help: String { "Prints the reply address of a person for a ticket (the Reply-To of their notifications)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let ticket = signature.ticket, ticket > 0, let person = signature.person, EmailAddress.isPlausible(person) else {
                throw SwitchboardConfiguration.Invalid(description: "Give a ticket and an address: switchboard mail reply-address --ticket 12 --for alice@example.org")
            }
            let app = context.application
            try await prepareDatabase(app, migrate: false)
            guard let address = Outbox.replyAddress(ticketID: ticket, recipient: person.lowercased(), settings: app.switchboardConfiguration) else {
                throw SwitchboardConfiguration.Invalid(description: "The database has no reply-address key; run switchboard migrate.")
            }
            context.console.say(address)
        }
    }

    struct Deliver: AsyncCommand {
        struct Signature: CommandSignature { init() {} }

        var help: String { "Sends every due message of the outbox once (with SWITCHBOARD_MAIL_TRANSPORT), then exits." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await prepareDatabase(app, migrate: true)
            guard let transport = app.mailTransport else {
                throw SwitchboardConfiguration.Invalid(description: "Set SWITCHBOARD_MAIL_TRANSPORT to smtp or file to deliver mail.")
            }
            let report = try await app.helpdesk.mailDelivery.deliver(transport: transport)
            context.console.say("Sent \(String(report.sent)), deferred \(String(report.deferred)), failed \(String(report.failed)).")
        }
    }
}
