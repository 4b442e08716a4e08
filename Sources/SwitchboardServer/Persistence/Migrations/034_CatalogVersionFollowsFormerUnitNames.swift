import Fluent

/// The catalogue also holds the former names of renamed units (the report projection counts the
/// history written under a former name for the unit), so their table raises the catalogue's
/// version too (`CreateCatalogVersion`).
struct CatalogVersionFollowsFormerUnitNames: AsyncMigration {
    var name: String { "034_CatalogVersionFollowsFormerUnitNames" }

    func prepare(on database: any Database) async throws {
        try await CreateCatalogVersion.addTriggers(on: [ReportSchema.formerUnitNames], database)
    }

    func revert(on database: any Database) async throws {
        try await CreateCatalogVersion.dropTriggers(on: [ReportSchema.formerUnitNames], database)
    }
}
