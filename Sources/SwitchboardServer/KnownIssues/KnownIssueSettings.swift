import Foundation
import SwitchboardCore

/// Where the known-issue digest is mailed: the operations meeting's list.
public struct KnownIssueSettings: Sendable, Equatable {
    /// `SWITCHBOARD_KNOWN_ISSUES_LIST`; unset, the digest is read on the web and in the API only.
    public var digestAddress: String?
    /// The digest's title (`SWITCHBOARD_KNOWN_ISSUES_TITLE`).
    public var digestTitle = "Known issues for the operations meeting"

    public init() {}

    static func read(_ environment: [String: String]) throws -> KnownIssueSettings {
        var settings = KnownIssueSettings()
        if let address = environment["SWITCHBOARD_KNOWN_ISSUES_LIST"], !address.isEmpty {
            guard EmailAddress.isPlausible(address) else {
                throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_KNOWN_ISSUES_LIST must be a mail address; it is '\(address)'.")
            }
            settings.digestAddress = address
        }
        if let title = environment["SWITCHBOARD_KNOWN_ISSUES_TITLE"], !title.isEmpty {
            guard title.count <= 200, !title.contains(where: \.isNewline) else {
                throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_KNOWN_ISSUES_TITLE must be one line of at most 200 characters.")
            }
            settings.digestTitle = title
        }
        return settings
    }
}
