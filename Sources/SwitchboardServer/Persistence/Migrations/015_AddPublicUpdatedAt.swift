import Fluent
import SQLKit

/// When a ticket last changed in a way its submitter may see: internal notes move
/// `updated_at` but must not show the submitter that something happened.
struct AddPublicUpdatedAt: AsyncMigration {
    var name: String { "015_AddPublicUpdatedAt" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TicketModel.schema).field("public_updated_at", .datetime).update()
        // Earlier history is not told apart: the last change is taken as public.
        try await (database as! any SQLDatabase).raw("UPDATE tickets SET public_updated_at = updated_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TicketModel.schema).deleteField("public_updated_at").update()
    }
}
