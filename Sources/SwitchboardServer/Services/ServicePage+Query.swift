import Foundation
import SwitchboardCore
import Vapor

/// Loading ServicePage's model through the helpdesk's operations.
extension ServicePage {
    static func query(_ helpdesk: Helpdesk, id: UUID, actor: Principal) async throws -> Model {
        let service = try await helpdesk.services.find(id.uuidString, for: actor)
        let last = YearMonth(containing: Int64(helpdesk.clock.now().timeIntervalSince1970))
        let range = MonthRange(first: last.adding(months: -11), last: last)
        let months = try await helpdesk.availability.monthly(service, range: range, for: actor)
        let downtimes = try await helpdesk.downtimes.list(service: id.uuidString, from: range.first.start, to: nil, for: actor)
        return Model(service: service, months: months, downtimes: downtimes, mayEdit: ServiceOperations.mayOperate(actor, providerUnit: service.$providerUnit.id),
                     mayAdminister: Permissions.mayAdminister(actor))
    }
}
