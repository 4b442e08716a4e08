import Foundation
import SwitchboardCore
import Vapor

/// Loading ServicesPage's model through the helpdesk's operations.
extension ServicesPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal) async throws -> Model {
        let month = YearMonth(containing: Int64(helpdesk.clock.now().timeIntervalSince1970)).previous
        let range = MonthRange(first: month, last: month)
        var rows: [Row] = []
        for service in try await helpdesk.services.all(for: actor) {
            let figures = try await helpdesk.availability.monthly(service, range: range, for: actor)
            rows.append(Row(service: service, lastMonth: figures.first?.durations ?? StatusDurations()))
        }
        return Model(month: month, rows: rows, mayCreate: Permissions.mayAdminister(actor))
    }
}
