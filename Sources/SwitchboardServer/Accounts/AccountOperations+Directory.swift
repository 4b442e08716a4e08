import Fluent
import Foundation
import SwitchboardCore

/// Reading accounts, for the API and the administrators' pages.
extension AccountOperations {
    /// Every account, by name.
    public func all() async throws -> [UserModel] {
        try await UserModel.query(on: helpdesk.database).all().sorted { $0.displayName.lowercased() < $1.displayName.lowercased() }
    }

    /// One account, or `notFound`.
    public func find(_ id: UUID) async throws -> UserModel {
        guard let user = try await UserModel.find(id, on: helpdesk.database) else { throw HelpdeskError.notFound("There is no such user.") }
        return user
    }

    /// The account with this (normalised) address, if any.
    public func find(email: String) async throws -> UserModel? {
        try await UserModel.query(on: helpdesk.database).filter(\.$email == EmailAddress.normalise(email)).first()
    }
}
