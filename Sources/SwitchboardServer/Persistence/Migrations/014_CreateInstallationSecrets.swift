import Fluent
import Foundation

/// Secrets of the installation that every process (serve, mailgate, the commands) must share,
/// kept in the database so that no process needs them in its environment. The key for reply
/// addresses is made here, once, from the system's random source.
struct CreateInstallationSecrets: AsyncMigration {
    var name: String { "014_CreateInstallationSecrets" }

    func prepare(on database: any Database) async throws {
        try await database.schema(InstallationSecretModel.schema)
            .id()
            .field("name", .string, .required)
            .field("value", .string, .required)
            .unique(on: "name")
            .create()
        try await InstallationSecretModel(name: InstallationSecretModel.replyAddressKey, value: InstallationSecretModel.newKey())
            .create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InstallationSecretModel.schema).delete()
    }
}
