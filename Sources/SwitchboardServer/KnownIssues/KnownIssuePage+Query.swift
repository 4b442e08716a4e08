import Foundation
import SwitchboardCore

extension KnownIssuePage {
    static func query(_ helpdesk: Helpdesk, number: Int, actor: Principal?) async throws -> Model {
        Model(detail: try await helpdesk.knownIssues.find(number, for: actor), mayKeep: KnownIssueOperations.mayKeep(actor))
    }
}
