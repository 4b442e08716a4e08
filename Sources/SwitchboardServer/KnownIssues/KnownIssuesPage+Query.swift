import Foundation
import SwitchboardCore

extension KnownIssuesPage {
    static func query(_ helpdesk: Helpdesk, state: KnownIssueState?, actor: Principal?) async throws -> Model {
        Model(issues: try await helpdesk.knownIssues.list(state: state, for: actor), state: state, mayKeep: KnownIssueOperations.mayKeep(actor))
    }
}
