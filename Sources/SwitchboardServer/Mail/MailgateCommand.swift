import Foundation
import SwitchboardCore
import Vapor

/// `switchboard mailgate`: reads one RFC 5322 message on standard input and hands it to the
/// helpdesk, straight to the database (the MTA runs it on the helpdesk's machine, as RT's
/// rt-mailgate is run). Exits with sendmail's codes: 0 taken, 65 bad message, 67 unknown
/// sender, 75 try again later (the MTA keeps the message and retries, so a database that is
/// briefly away loses nothing).
struct MailgateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "sender", help: "The envelope sender the MTA saw (its $SENDER); empty for bounces.")
        var sender: String?
        @Option(name: "recipient", help: "The envelope recipient the MTA delivered to (its $RECIPIENT or ${original_recipient}).")
        var recipient: String?
        init() {}
    }

    var help: String { "Takes one mail on standard input: a reply becomes a comment, a new mail a ticket (exit codes as sendmail's)." }

    static let maxBytes = 40 * 1024 * 1024

    func run(using context: CommandContext, signature: Signature) async throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard input.count <= Self.maxBytes else {
            FileHandle.standardError.write(Data("mailgate: the message is larger than \(Self.maxBytes) bytes.\n".utf8))
            exit(65)
        }
        let app = context.application
        // A total time budget: whatever holds the message up (a locked database, a message
        // crafted to be slow), the MTA gets an answer and keeps the message for a later try.
        let budget = app.switchboardConfiguration.mailgateTimeBudgetSeconds
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(budget)) {
            FileHandle.standardError.write(Data("mailgate: gave up after \(budget) s; the MTA should try again later.\n".utf8))
            exit(75)
        }
        let outcome: MailgateOutcome
        do {
            try await prepareDatabase(app, migrate: false, refreshStatistics: false)
            outcome = try await app.helpdesk.mailgate.receiveMail(input, envelopeSender: signature.sender, envelopeRecipient: signature.recipient)
        } catch {
            FileHandle.standardError.write(Data("mailgate: temporary failure, the MTA should try again: \(TerminalText.escaped(String(describing: error)))\n".utf8))
            try? await app.asyncShutdown()
            exit(75)
        }
        FileHandle.standardError.write(Data("mailgate: \(TerminalText.escaped(outcome.description, singleLine: true))\n".utf8))
        try? await app.asyncShutdown()
        exit(outcome.exitCode)
    }
}
