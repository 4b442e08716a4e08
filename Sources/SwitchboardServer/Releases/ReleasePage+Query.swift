import Foundation
import SwitchboardCore

/// Loading ReleasePage's model through the helpdesk's operations.
extension ReleasePage {
    static func query(_ helpdesk: Helpdesk, id: UUID, principal: Principal) async throws -> Model {
        let detail = try await helpdesk.releases.find(id)
        let release = detail.release
        let mayMove = try await helpdesk.releases.mayManageReleases(principal)
        let moves = mayMove ? ReleaseStage.allCases.filter { stage in
            (try? ReleaseRules.checkMove(from: release.stage, to: stage, reason: "a reason")) != nil
        } : []
        func ticket(_ model: TicketModel) throws -> Ticket {
            Ticket(id: try model.requireID(), subject: model.subject, fixedVersion: model.fixedVersion ?? "")
        }
        return Model(
            id: id, component: release.component.name, product: release.component.product.name, version: release.version,
            stage: release.stage, reason: release.reason,
            history: detail.history.map { Change(from: $0.fromStage, to: $0.toStage, reason: $0.reason, by: $0.actorName, at: $0.at) },
            closed: try detail.closed.map(ticket), waiting: try detail.waiting.map(ticket), moves: moves)
    }
}
