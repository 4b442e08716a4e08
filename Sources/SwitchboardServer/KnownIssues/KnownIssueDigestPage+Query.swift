import Foundation
import SwitchboardCore

extension KnownIssueDigestPage {
    static func query(_ helpdesk: Helpdesk, since: Date, actor: Principal?) async throws -> Model {
        let mayKeep = KnownIssueOperations.mayKeep(actor)
        return Model(content: try await helpdesk.knownIssues.digest(since: since, for: actor),
                     sinceDay: KnownIssueDigest.day(since, KnownIssueOperations.digestZone), mayMail: mayKeep,
                     mailAddress: helpdesk.configuration.knownIssues.digestAddress, includesDrafts: mayKeep)
    }
}
