import Fluent
import SwitchboardCore
import Vapor

/// `switchboard create-user`: creates an account from the command line, e.g. the first
/// administrator of a new installation.
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The account's email address (required).")
        var email: String?

        @Option(name: "name", help: "Display name (default: the part of the address before @).")
        var name: String?

        @Option(name: "password", help: "Password, at least 10 characters; without it, SWITCHBOARD_NEW_PASSWORD or a prompt.")
        var password: String?

        @Flag(name: "admin", help: "Make the account an administrator.")
        var admin: Bool

        @Option(name: "unit", help: "Also make the account a member of this support unit (name or id).")
        var unit: String?

        init() {}
    }

    var help: String { "Creates a user account (use --admin for an administrator)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        guard let email = signature.email else {
            throw SwitchboardConfiguration.Invalid(description: "--email is required.")
        }
        let password = signature.password
            ?? ProcessInfo.processInfo.environment["SWITCHBOARD_NEW_PASSWORD"]
            ?? context.console.ask("Password for \(email):", isSecure: true)
        let displayName = signature.name ?? String(email.split(separator: "@").first ?? Substring(email))
        let helpdesk = app.helpdesk
        do {
            let user = try await helpdesk.accounts.createUser(
                NewUserInput(email: email, displayName: displayName, password: password, isAdmin: signature.admin), by: nil)
            if let unitName = signature.unit {
                guard let unit = try await UnitOperations.unit(unitName, on: app.db) else {
                    throw HelpdeskError.invalid("unit", "There is no support unit '\(unitName)'.")
                }
                _ = try await helpdesk.units.addMember(unitID: try unit.requireID(), userID: try user.requireID(), role: .member, by: .system.asAdministrator)
            }
            context.console.say("Created \(signature.admin ? "administrator" : "user") \(user.email) (\(try user.requireID().uuidString)).")
        } catch let error as HelpdeskError {
            throw SwitchboardConfiguration.Invalid(description: error.message)
        }
    }
}

extension Acting {
    /// The command line acts with an administrator's rights.
    var asAdministrator: Acting {
        var copy = self
        copy.principal.isAdmin = true
        return copy
    }
}
