import Fluent

struct CreateSupportUnits: AsyncMigration {
    var name: String { "002_CreateSupportUnits" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SupportUnitModel.schema)
            .id()
            .field("name", .string, .required)
            .field("tier", .string, .required)
            .field("parent_id", .uuid, .references(SupportUnitModel.schema, .id))
            .field("mailing_list", .string, .required)
            .field("service_level", .string, .required)
            .field("time_zone", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(MembershipModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(SupportUnitModel.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "user_id", "unit_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MembershipModel.schema).delete()
        try await database.schema(SupportUnitModel.schema).delete()
    }
}
